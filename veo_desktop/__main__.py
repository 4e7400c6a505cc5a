from veo_desktop.main import main

raise SystemExit(main())
