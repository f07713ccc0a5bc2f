using Collab.Grains.Audit;
using Collab.Silo.Audit;

namespace Collab.UnitTests.Audit;

public sealed class AuditChainTests
{
    private static readonly AuditEvent Sample = new(
        Guid.Parse("0193a5c0-0000-7000-8000-000000000001"), AuditCategory.Access, new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero), "practitioner-1", null,
        "consultation.read", "consultation", "c-1", AuditOutcome.Succeeded, "10.0.0.1", "Firefox");

    private static readonly byte[] TechnicalKey = Enumerable.Range(0, AuditChain.TechnicalKeyBytes).Select(i => (byte)i).ToArray();

    public static TheoryData<string> Changes => new()
    {
        "id", "category", "time", "actor", "actingFor", "action", "objectType", "objectId", "outcome", "ip", "userAgent", "seq", "previous",
    };

    // How the trail chains an event: its technical data through the keyed digest.
    private static byte[] Link(byte[] previous, AuditCategory category, long seq, AuditEvent e) =>
        AuditChain.Link(previous, category, seq, e, AuditChain.TechnicalDigest(TechnicalKey, e.IpAddress, e.UserAgent));

    [Theory]
    [MemberData(nameof(Changes))]
    public void Every_field_of_an_event_and_its_position_change_the_hash(string change)
    {
        var original = Link(AuditChain.Genesis, AuditCategory.Access, 7, Sample);
        var previous = AuditChain.Genesis;
        var (category, seq, changed) = (AuditCategory.Access, 7L, Sample);
        switch (change)
        {
            case "id": changed = Sample with { Id = Guid.Parse("0193a5c0-0000-7000-8000-000000000002") }; break;
            case "category": category = AuditCategory.Technical; break;
            case "time": changed = Sample with { OccurredAt = Sample.OccurredAt.AddTicks(10) }; break;
            case "actor": changed = Sample with { Actor = "practitioner-2" }; break;
            case "actingFor": changed = Sample with { ActingFor = "practitioner-1" }; break;
            case "action": changed = Sample with { Action = "consultation.close" }; break;
            case "objectType": changed = Sample with { ObjectType = "mailbox" }; break;
            case "objectId": changed = Sample with { ObjectId = "c-2" }; break;
            case "outcome": changed = Sample with { Outcome = AuditOutcome.Refused }; break;
            case "ip": changed = Sample with { IpAddress = "10.0.0.2" }; break;
            case "userAgent": changed = Sample with { UserAgent = null }; break;
            case "seq": seq = 8; break;
            case "previous": previous = new byte[AuditChain.HashBytes]; previous[0] = 1; break;
            default: throw new ArgumentOutOfRangeException(nameof(change));
        }

        Assert.NotEqual(original, Link(previous, category, seq, changed));
    }

    [Fact]
    public void The_technical_digest_cannot_be_matched_to_an_address_once_its_key_is_gone()
    {
        var stored = AuditChain.TechnicalDigest(TechnicalKey, "10.0.0.1", "Firefox");
        var guessWithoutTheKey = AuditChain.TechnicalDigest(new byte[AuditChain.TechnicalKeyBytes], "10.0.0.1", "Firefox");
        var otherEvent = AuditChain.TechnicalDigest(AuditChain.NewTechnicalKey(), "10.0.0.1", "Firefox");

        Assert.Equal(stored, AuditChain.TechnicalDigest(TechnicalKey, "10.0.0.1", "Firefox"));
        Assert.NotEqual(stored, guessWithoutTheKey);
        Assert.NotEqual(stored, otherEvent); // two events from one address are not linkable by their digests
    }

    [Fact]
    public void Events_chained_before_the_technical_digest_keep_their_hash()
    {
        // The v1 formula covered the address and user agent themselves; rows written with it still verify with it.
        // Known answer computed outside .NET (Python's hashlib.blake2b) from docs/architecture.md's description of v1.
        var legacy = AuditChain.LinkLegacy(AuditChain.Genesis, AuditCategory.Access, 7, Sample);

        Assert.Equal("b5f0d4f22f6cdf6b2873e9aaf0611343b900a63c3399ff70412a3e12b1e07467", Convert.ToHexStringLower(legacy));
        Assert.NotEqual(legacy, AuditChain.LinkLegacy(AuditChain.Genesis, AuditCategory.Access, 7, Sample with { IpAddress = "10.0.0.2" }));
        Assert.NotEqual(legacy, Link(AuditChain.Genesis, AuditCategory.Access, 7, Sample));
    }

    [Fact]
    public void Moving_characters_between_adjacent_fields_changes_the_hash()
    {
        var a = Sample with { ObjectType = "consultation", ObjectId = "c-1" };
        var b = Sample with { ObjectType = "consultationc", ObjectId = "-1" };

        Assert.NotEqual(Link(AuditChain.Genesis, AuditCategory.Access, 1, a), Link(AuditChain.Genesis, AuditCategory.Access, 1, b));
    }

    [Fact]
    public void The_hash_covers_only_what_postgresql_stores()
    {
        var submicrosecond = Sample with { OccurredAt = Sample.OccurredAt.AddTicks(3) };

        Assert.Equal(Link(AuditChain.Genesis, AuditCategory.Access, 1, Sample), Link(AuditChain.Genesis, AuditCategory.Access, 1, submicrosecond));
    }

    [Fact]
    public void A_signed_segment_head_verifies_only_unchanged_and_only_with_its_key()
    {
        var key = AuditSigningKey.FromSeed(new byte[32]);
        var other = AuditSigningKey.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
        var head = AuditChain.SegmentHead(AuditCategory.Access, 1, AuditChain.Genesis, 1, 10, new byte[32]);
        var signature = key.Sign(head);
        var moved = AuditChain.SegmentHead(AuditCategory.Access, 1, AuditChain.Genesis, 1, 9, new byte[32]);

        Assert.True(key.Verifies(signature, head));
        Assert.False(key.Verifies(signature, moved));
        Assert.False(other.Verifies(signature, head));
    }

    [Fact]
    public void The_signing_key_is_created_once_owner_only_and_then_reused()
    {
        var path = Path.Combine(Path.GetTempPath(), "collab-unit-" + Guid.NewGuid().ToString("N"), "keys", "audit.key");
        try
        {
            var created = AuditSigningKey.LoadOrCreate(path);
            var loaded = AuditSigningKey.LoadOrCreate(path);

            Assert.Equal(created.KeyId, loaded.KeyId);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(path))!, recursive: true);
        }
    }

    [Fact]
    public void A_corrupt_signing_key_file_is_refused_with_its_path()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Convert.ToBase64String(new byte[16]));

            var error = Assert.Throws<InvalidDataException>(() => AuditSigningKey.LoadOrCreate(path));

            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
