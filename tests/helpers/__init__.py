"""Helpers the tests share, one module for each kind: ``cli`` (the real command in a child process,
private mounts), ``gui`` (the real window), ``tasks`` (a client or a task manager against the emulator),
``net`` (a TCP proxy to cut the connection), ``display`` (a real X server, Xvfb), ``frames`` (pictures
easy to tell apart, a clip's first and last frames)."""
