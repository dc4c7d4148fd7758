"""Signals other apps listen to, so requests never imports them. Sent inside the transaction of the move:
a receiver's writes commit or roll back with it."""

from django.dispatch import Signal

# task_moved(sender=Task, task=Task, action=str, actor=User | None), after a task's status changed; action is
# one of "task", "accept", "decline", "start", "complete", "cancel".
task_moved = Signal()
