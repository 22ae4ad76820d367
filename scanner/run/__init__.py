"""Running a scan: from paths (or bytes) to results, the same way for every runner.

- ``walk``: the files under the paths given, what was skipped and why;
- ``staged``: the git index versions of the paths, as tasks that carry their bytes;
- ``task``: one unit of work (a path, or bytes with a name); a path read safely;
- ``worker``: how a worker turns a task into its result;
- ``cache``: results of unchanged files, keyed by content and settings;
- ``batch``: the cache first, then the local worker pool (time and memory limits);
- ``cluster``: the same tasks on a Dask distributed cluster;
- ``coverage``: what the scan did not read (config, images, unreadable entries).
"""
