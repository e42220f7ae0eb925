export interface TenantRecord {
  readonly id: string;
  readonly name: string;
  /** ISO 3166-1 alpha-2 codes the tenant may send to; null = no tenant-level restriction. */
  readonly allowedCountries: readonly string[] | null;
  readonly createdAt: number;
}

export interface TenantStore {
  insert(tenant: TenantRecord): void;
  findById(id: string): TenantRecord | undefined;
  list(): TenantRecord[];
}
