// Placeholder until Postgres's first real file lands; delete it then.
