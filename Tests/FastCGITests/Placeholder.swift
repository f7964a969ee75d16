// Placeholder until FastCGITests's first real file lands; delete it then.
