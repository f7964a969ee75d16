// Placeholder until PostgresTests's first real file lands; delete it then.
