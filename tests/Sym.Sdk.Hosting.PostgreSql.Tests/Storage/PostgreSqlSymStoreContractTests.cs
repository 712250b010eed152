using Sym.Sdk.Testing.Storage;

namespace Sym.Sdk.Hosting.PostgreSql.Tests.Storage;

/// <summary>
/// The store contract every store keeps (Sym.Sdk.Testing's <see cref="SymStoreContract"/>, with the checks of what survives
/// a restart), on PostgreSQL: each check on a fresh schema, reopened as a new store over the same schema.
/// </summary>
public sealed class PostgreSqlSymStoreContractTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    public static TheoryData<string> ContractChecks => new(SymStoreContract.GetCheckNames(durable: true));

    [PostgresTheory]
    [MemberData(nameof(ContractChecks))]
    public Task SymStoreContract_EachCheckOnAFreshSchema_Passes(string check) => new SymStoreContract(
        createStore: () => database.Open(),
        reopenStore: closed => database.Open(((PostgreSqlSymStore)closed).Schema)).RunAsync(check);
}
