// Placeholder until FastCGI's first real file lands; delete it then.
