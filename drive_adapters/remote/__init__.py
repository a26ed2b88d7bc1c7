"""What the cloud adapters (OneDrive/SharePoint, Google Drive) have in common.

* :mod:`~drive_adapters.remote.classify`: one error classifier. Every failed request of either
  cloud becomes a :class:`~drive_adapters.remote.classify.Failure` and gets one
  :class:`~drive_adapters.remote.classify.Verdict`: retry after a wait, defer the item (the run
  goes on), or fail the operation, and which adapter error that is.
* :mod:`~drive_adapters.remote.pacer`: one pacer per adapter, shared by its threads or tasks:
  the ``Retry-After`` barrier, backoff for server errors, a sustained write rate, counters.
  OneDrive's async transport and Google's threads (:meth:`~drive_adapters.remote.pacer.Pacer.call`)
  both send every request through it.
* :mod:`~drive_adapters.remote.options`: declared target options (name, kind, default, bounds,
  help, secret) and the one parser that reads them.
"""
