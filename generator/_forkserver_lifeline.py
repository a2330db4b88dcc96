"""Imported only inside multiprocessing's forkserver (see `generator.lifeline.forkserver_context`):
the forkserver ends when the process that started it does, and so do the workers it forks."""

import signal

from .lifeline import ask_kernel_to_kill_me_with_parent

ask_kernel_to_kill_me_with_parent(signal.SIGKILL)
