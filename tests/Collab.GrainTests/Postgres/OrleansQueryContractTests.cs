using Collab.Testing;

namespace Collab.GrainTests.Postgres;

/// <summary>
/// The Orleans 10.4.2 ADO.NET providers read their SQL from OrleansQuery by key and fail at start-up
/// when one is missing. These are the keys each provider asks for.
/// </summary>
public sealed class OrleansQueryContractTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string> RequiredKeys => new()
    {
        // Clustering
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        // Grain persistence
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
        // Reminders
        "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    };

    [Theory]
    [MemberData(nameof(RequiredKeys))]
    public async Task Every_query_key_the_providers_require_is_present(string key)
    {
        var text = await fixture.Database.ScalarAsync<string>($"SELECT QueryText FROM OrleansQuery WHERE QueryKey = '{key}'");

        Assert.False(string.IsNullOrWhiteSpace(text), $"OrleansQuery has no text for {key}");
    }
}
