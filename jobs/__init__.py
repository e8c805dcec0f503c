"""Background jobs: a `Job` row pages poll, run by a procrastinate worker on PostgreSQL."""
