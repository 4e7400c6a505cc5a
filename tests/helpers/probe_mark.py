"""The prefix of the lines a probed child process prints about its state (tests/helpers/slow_keyring.py).
Apart from the keyring backend on purpose: importing a keyring backend class registers it with keyring in
the importing process, and the test process must keep its real Secret Service alone."""

from __future__ import annotations

MARK = "PROBE "
