// Entry point, loaded as a module from index.html (the CSP allows no inline script).
import { Dashboard } from "./dashboard.js";

new Dashboard(document).start();
