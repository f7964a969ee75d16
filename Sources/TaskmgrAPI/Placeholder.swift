// Placeholder until TaskmgrAPI's first real file lands; delete it then.
