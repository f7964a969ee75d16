// Placeholder until TaskmgrAPITests's first real file lands; delete it then.
