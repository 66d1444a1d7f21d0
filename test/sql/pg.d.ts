// The part of node-postgres (`pg`, a dev dependency without bundled types) the SQL tests use.
declare module "pg" {
  export interface QueryResult {
    rows: Record<string, unknown>[];
  }
  export class Client {
    constructor(config?: { host?: string; port?: number; user?: string; database?: string; password?: string });
    connect(): Promise<void>;
    query(sql: string, params?: unknown[]): Promise<QueryResult>;
    end(): Promise<void>;
  }
  const pg: { Client: typeof Client };
  export default pg;
}
