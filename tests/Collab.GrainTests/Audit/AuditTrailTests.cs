using Collab.Grains.Audit;
using Collab.Silo.Audit;
using Collab.Testing;

namespace Collab.GrainTests.Audit;

/// <summary>The PostgreSQL audit trail, written and then tampered with the way a database administrator could.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly AuditSigningKey _key = AuditSigningKey.FromSeed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task An_untouched_trail_verifies_across_segments_and_categories()
    {
        await Append(segmentSize: 3, count: 8);
        await Trail(3).RecordAsync([Event(AuditCategory.Access, 100)]);

        var result = await Verify();

        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal("OK: 9 events in 4 segments", result.ToString());
    }

    [Fact]
    public async Task Changing_one_field_of_a_row_is_detected()
    {
        await Append(segmentSize: 3, count: 8);

        await Tamper("UPDATE audit_event SET object_id = 'consultation-999' WHERE category = 3 AND seq = 5");
        var result = await Verify();

        Assert.False(result.IsIntact);
        Assert.Equal("BROKEN: event functional#5 does not match the chain (altered, or moved from another position)", result.ToString());
    }

    [Fact]
    public async Task Changing_a_row_and_recomputing_its_hash_is_detected_by_the_signed_head()
    {
        await Append(segmentSize: 10, count: 4);

        // An attacker who knows the algorithm rewrites the last row and its hash; only the signing key could re-sign the head.
        var previous = await _database.ScalarAsync<byte[]>("SELECT hash FROM audit_event WHERE category = 3 AND seq = 3");
        var digest = await _database.ScalarAsync<byte[]>("SELECT technical_digest FROM audit_event WHERE category = 3 AND seq = 4");
        var forged = AuditChain.Link(previous, AuditCategory.Functional, 4, Event(AuditCategory.Functional, 4) with { Actor = "someone-else" }, digest!);
        await Tamper($"UPDATE audit_event SET actor = 'someone-else', hash = '\\x{Convert.ToHexString(forged)}' WHERE category = 3 AND seq = 4");
        var result = await Verify();

        Assert.Equal("BROKEN: event functional#4 ends segment 1 but differs from its signed head", result.ToString());
    }

    [Fact]
    public async Task Deleting_a_row_is_detected()
    {
        await Append(segmentSize: 3, count: 8);

        await Tamper("DELETE FROM audit_event WHERE category = 3 AND seq = 4");
        var result = await Verify();

        Assert.Equal("BROKEN: event functional#4 is missing", result.ToString());
    }

    [Fact]
    public async Task Deleting_the_latest_row_is_detected()
    {
        await Append(segmentSize: 3, count: 8);

        await Tamper("DELETE FROM audit_event WHERE category = 3 AND seq = 8");
        var result = await Verify();

        Assert.Equal("BROKEN: event functional#8 is missing", result.ToString());
    }

    [Fact]
    public async Task Swapping_two_rows_is_detected()
    {
        await Append(segmentSize: 10, count: 6);

        // Swap the positions of events 2 and 3, each keeping its own (valid) hash.
        await Tamper(
            """
            UPDATE audit_event SET seq = -2 WHERE category = 3 AND seq = 2;
            UPDATE audit_event SET seq = 2 WHERE category = 3 AND seq = 3;
            UPDATE audit_event SET seq = 3 WHERE category = 3 AND seq = -2;
            """);
        var result = await Verify();

        Assert.Equal("BROKEN: event functional#2 does not match the chain (altered, or moved from another position)", result.ToString());
    }

    [Fact]
    public async Task Swapping_the_contents_of_two_rows_is_detected()
    {
        await Append(segmentSize: 10, count: 6);

        await Tamper(
            """
            UPDATE audit_event AS a SET actor = b.actor, object_id = b.object_id, occurred_at = b.occurred_at, hash = b.hash
            FROM audit_event AS b
            WHERE a.category = 3 AND b.category = 3 AND ((a.seq = 2 AND b.seq = 5) OR (a.seq = 5 AND b.seq = 2));
            """);
        var result = await Verify();

        Assert.Equal("BROKEN: event functional#2 does not match the chain (altered, or moved from another position)", result.ToString());
    }

    [Fact]
    public async Task The_database_refuses_updates_to_audit_rows()
    {
        await Append(segmentSize: 10, count: 1);

        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(
            () => _database.ExecuteAsync("UPDATE audit_event SET actor = 'x' WHERE seq = 1"));

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_appends_form_one_unbroken_chain()
    {
        var trail = Trail(5);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => trail.RecordAsync([Event(AuditCategory.Functional, i), Event(AuditCategory.Access, i)])));
        var result = await Verify();

        Assert.Equal("OK: 40 events in 8 segments", result.ToString());
    }

    [Fact]
    public async Task A_failing_write_fails_only_its_own_caller_and_leaves_no_transaction_open()
    {
        var trail = Trail(5);
        var bad = new Npgsql.NpgsqlBatchCommand("INSERT INTO audit_event_missing VALUES (1)"); // no such table: the batch's transaction aborts

        var calls = Enumerable.Range(0, 10)
            .Select(i => trail.CommitAsync(i == 4 ? bad : null, [Event(AuditCategory.Functional, i)]))
            .ToList();
        var failed = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => calls[4]);
        var others = await Task.WhenAll(calls.Where((_, i) => i != 4));
        await trail.RecordAsync([Event(AuditCategory.Functional, 100)]); // the pooled connections are usable again
        var result = await Verify();

        Assert.Equal("42P01", failed.SqlState);
        Assert.All(others, Assert.True);
        Assert.Equal("OK: 10 events in 2 segments", result.ToString());
        Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'"));
    }

    [Fact]
    public async Task Recording_an_event_again_keeps_it_once()
    {
        var trail = Trail(10);
        var first = Event(AuditCategory.Functional, 1);

        await trail.RecordAsync([first]);
        await trail.RecordAsync([first, Event(AuditCategory.Functional, 2)]);
        var result = await Verify();

        Assert.Equal("OK: 2 events in 1 segments", result.ToString());
        Assert.Equal(1, await _database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE event_id = '{first.Id}'"));
    }

    [Fact]
    public async Task Purging_each_category_past_its_retention_removes_whole_segments_and_the_trail_still_verifies()
    {
        // 7 access reads 8 months ago and 2 last week; 7 technical events 8 months ago; 7 functional events 8 months ago.
        var trail = Trail(3);
        var old = Start.AddMonths(-8);
        foreach (var category in new[] { AuditCategory.Access, AuditCategory.Technical, AuditCategory.Functional })
        {
            await trail.RecordAsync(Enumerable.Range(1, 7).Select(n => Event(category, n) with { OccurredAt = old.AddMinutes(n) }).ToList());
        }

        await trail.RecordAsync([Event(AuditCategory.Access, 8) with { OccurredAt = Start.AddDays(-7) }, Event(AuditCategory.Access, 9) with { OccurredAt = Start.AddDays(-6) }]);
        var retention = new AuditRetention(_database.DataSource, trail, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start));

        var purges = await retention.PurgeAsync();
        var again = await retention.PurgeAsync();
        var result = await Verify();
        Task<long> Left(AuditCategory category) => _database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE category = {(short)category}");

        // Access: segments 1 and 2 (events 1-6) are past 6 months; segment 3 holds event 7 (old) with 8 and 9 (recent), so it stays.
        var access = Assert.Single(purges);
        Assert.Equal(new AuditPurge(AuditCategory.Access, 1, 2, 6, access.Head), access);
        Assert.Empty(again);
        Assert.Equal(3, await Left(AuditCategory.Access));
        Assert.Equal(7, await Left(AuditCategory.Technical)); // kept 1 year
        Assert.Equal(9, await Left(AuditCategory.Functional)); // kept 10 years, plus the purge record and the technical data's purge record
        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(1, await _database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE action = '{AuditRetention.PurgeAction}' AND object_id = 'access/1-2'"));
    }

    [Fact]
    public async Task Addresses_and_user_agents_are_not_kept_with_the_ten_year_chain()
    {
        // Functional events (kept 10 years) from a canary address, 8 months ago; the access chain's row is recent.
        var trail = Trail(100);
        var old = Start.AddMonths(-8);
        await trail.RecordAsync(Enumerable.Range(1, 3).Select(n => Event(AuditCategory.Functional, n) with { OccurredAt = old.AddMinutes(n), IpAddress = "203.0.113.77", UserAgent = "CanaryBrowser/9" }).ToList());
        await trail.RecordAsync([Event(AuditCategory.Access, 4) with { IpAddress = "198.51.100.9", UserAgent = "RecentBrowser/1" }]);
        var beforePurge = await _database.DumpAsync();
        var retention = new AuditRetention(_database.DataSource, trail, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start));

        await retention.PurgeAsync();
        var afterPurge = await _database.DumpAsync();
        var result = await Verify();

        Assert.Contains("203.0.113.77", beforePurge, StringComparison.Ordinal); // kept 6 months, apart from the chain…
        Assert.DoesNotContain("203.0.113.77", afterPurge, StringComparison.Ordinal); // …then gone, with the keys of their digests
        Assert.DoesNotContain("CanaryBrowser", afterPurge, StringComparison.Ordinal);
        Assert.Contains("198.51.100.9", afterPurge, StringComparison.Ordinal); // a recent one stays
        Assert.Equal(3, await _database.ScalarAsync<long>("SELECT count(*) FROM audit_event WHERE category = 3 AND action = 'consultation.read'")); // the events themselves stay
        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(0, result.LinkedOnly);
        Assert.Equal(1, await _database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE action = '{AuditRetention.TechnicalPurgeAction}'"));
    }

    [Fact]
    public async Task Changing_an_address_while_it_is_kept_is_detected()
    {
        await Append(segmentSize: 10, count: 3);

        await _database.ExecuteAsync("UPDATE audit_technical SET ip_address = '10.9.9.9' WHERE event_id = (SELECT event_id FROM audit_event WHERE category = 3 AND seq = 2)");
        var result = await Verify();

        Assert.Equal("BROKEN: event functional#2 has technical data (address, user agent) that was altered", result.ToString());
    }

    [Fact]
    public async Task Events_chained_with_their_address_before_migration_0011_still_verify()
    {
        // Rows as the first format wrote them (the address inside the hash), moved by the migration into audit_technical.
        var first = Event(AuditCategory.Functional, 1) with { OccurredAt = Start.AddDays(-2) };
        var second = Event(AuditCategory.Functional, 2) with { OccurredAt = Start.AddDays(-1) };
        var firstHash = AuditChain.LinkLegacy(AuditChain.Genesis, AuditCategory.Functional, 1, first);
        var secondHash = AuditChain.LinkLegacy(firstHash, AuditCategory.Functional, 2, second);
        var signature = _key.Sign(AuditChain.SegmentHead(AuditCategory.Functional, 1, AuditChain.Genesis, 1, 2, secondHash));
        static string Hex(byte[] bytes) => "'\\x" + Convert.ToHexString(bytes) + "'";
        static string Row(AuditEvent e, long seq, byte[] hash) =>
            $"(3, {seq}, 1, '{e.Id}', '{e.OccurredAt:O}', '{e.Actor}', '{e.Action}', '{e.ObjectType}', '{e.ObjectId}', 1, {Hex(hash)})";
        await _database.ExecuteAsync(
            "INSERT INTO audit_segment (category, segment_no, prev_head, first_seq, last_seq, head, signer_key, signature) "
            + $"VALUES (3, 1, {Hex(AuditChain.Genesis)}, 1, 2, {Hex(secondHash)}, '{_key.KeyId}', {Hex(signature)});"
            + "INSERT INTO audit_event (category, seq, segment_no, event_id, occurred_at, actor, action, object_type, object_id, outcome, hash) "
            + $"VALUES {Row(first, 1, firstHash)}, {Row(second, 2, secondHash)};"
            + "INSERT INTO audit_technical (event_id, occurred_at, digest_key, ip_address, user_agent) "
            + $"VALUES ('{first.Id}', '{first.OccurredAt:O}', NULL, '10.0.0.1', 'Firefox'), ('{second.Id}', '{second.OccurredAt:O}', NULL, '10.0.0.1', 'Firefox');");

        var intact = await Verify();
        await _database.ExecuteAsync($"DELETE FROM audit_technical WHERE event_id = '{second.Id}'");
        var removedEarly = await new AuditVerifier(_database.DataSource, _key, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start)).VerifyAsync();
        var afterItsRetention = await new AuditVerifier(_database.DataSource, _key, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start.AddMonths(7))).VerifyAsync();

        Assert.Equal("OK: 2 events in 1 segments", intact.ToString());
        Assert.Equal("BROKEN: event functional#2 lost its technical data before the end of its retention", removedEarly.ToString());
        Assert.True(afterItsRetention.IsIntact, afterItsRetention.ToString());
        Assert.Equal(1, afterItsRetention.LinkedOnly);
    }

    [Fact]
    public async Task Removing_the_oldest_segments_without_a_recorded_purge_is_detected()
    {
        await Append(segmentSize: 3, count: 8);

        await Tamper("DELETE FROM audit_event WHERE category = 3 AND segment_no = 1; DELETE FROM audit_segment WHERE category = 3 AND segment_no = 1");
        var result = await Verify();

        Assert.Equal("BROKEN: segments functional/1 to 1 are missing and no purge of them is recorded", result.ToString());
    }

    private PostgresAuditTrail Trail(int segmentSize) =>
        new(_database.DataSource, _key, new AuditOptions { SegmentSize = segmentSize });

    private Task<AuditVerification> Verify() => new AuditVerifier(_database.DataSource, _key, TimeProvider.System).VerifyAsync();

    private async Task Append(int segmentSize, int count)
    {
        var trail = Trail(segmentSize);
        // One at a time, as grains write them, then the last two as one batch: both paths build one chain.
        for (var i = 1; i <= count - 2; i++)
        {
            await trail.RecordAsync([Event(AuditCategory.Functional, i)]);
        }

        await trail.RecordAsync(Enumerable.Range(Math.Max(1, count - 1), Math.Min(count, 2)).Select(i => Event(AuditCategory.Functional, i)).ToList());
    }

    private static AuditEvent Event(AuditCategory category, int n) => new(
        new Guid(n, (short)category, 0, new byte[8]),
        category, Start.AddMinutes(n), $"practitioner-{n % 3}", null, "consultation.read", "consultation", $"consultation-{n}",
        AuditOutcome.Succeeded, "10.0.0.1", "Firefox");

    // The trigger is the application's guard; a database administrator can lift it, which is what
    // the chain is there to reveal.
    private Task Tamper(string sql) => _database.ExecuteAsync(
        $"ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update; {sql}; ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update;");
}
