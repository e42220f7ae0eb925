export interface TenantRecord {
  readonly id: string;
  readonly name: string;
  /** ISO 3166-1 alpha-2 codes the tenant may send to; null = no tenant-level restriction. */
  readonly allowedCountries: readonly string[] | null;
  readonly createdAt: number;
}

export interface TenantStore {
  insert(tenant: TenantRecord): void;
  /** Changes the given fields; false when there is no such tenant. */
  update(id: string, patch: Partial<Pick<TenantRecord, 'name' | 'allowedCountries'>>): boolean;
  findById(id: string): TenantRecord | undefined;
  list(): TenantRecord[];
}
