// Placeholder until HTTPClientTests's first real file lands; delete it then.
