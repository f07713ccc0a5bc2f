using System.Buffers.Binary;
using System.Text;
using Collab.Grains.Audit;
using Sodium;

namespace Collab.Silo.Audit;

/// <summary>
/// The hash chain and segment signatures, with no I/O. Each event's hash is
/// BLAKE2b-256(previous hash ‖ canonical bytes of the event at its sequence number); a segment's
/// head (its last hash, its bounds and the previous segment's head) is signed with Ed25519.
/// </summary>
/// <remarks>
/// Technical data (the client's address and user agent) is kept 6 months, the functional chain 10 years: the
/// chain binds a keyed digest of it (<see cref="TechnicalDigest"/>, with a random key stored beside the data),
/// so the data and its key can be deleted at 6 months while the chain still proves every other field — and the
/// digest left behind says nothing about an address once its key is gone. Events chained before this
/// (<see cref="LinkLegacy"/>) covered the values themselves.
/// </remarks>
public static class AuditChain
{
    public const int HashBytes = 32;
    public const int TechnicalKeyBytes = 32;
    private static readonly byte[] LegacyEventTag = "collab.audit.event.v1"u8.ToArray();
    private static readonly byte[] EventTag = "collab.audit.event.v2"u8.ToArray();
    private static readonly byte[] TechnicalTag = "collab.audit.technical.v1"u8.ToArray();
    private static readonly byte[] SegmentTag = "collab.audit.segment.v1"u8.ToArray();

    public static byte[] Genesis => new byte[HashBytes];

    /// <summary>PostgreSQL keeps microseconds; hash exactly what is stored.</summary>
    public static DateTimeOffset StoredPrecision(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    /// <summary>A new random key for <see cref="TechnicalDigest"/> (stored with the technical data, deleted with it).</summary>
    public static byte[] NewTechnicalKey() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(TechnicalKeyBytes);

    /// <summary>BLAKE2b-256, keyed by <paramref name="key"/>, over the address and the user agent (length-prefixed).</summary>
    public static byte[] TechnicalDigest(byte[] key, string? ipAddress, string? userAgent)
    {
        using var buffer = new MemoryStream(128);
        buffer.Write(TechnicalTag);
        WriteText(buffer, ipAddress);
        WriteText(buffer, userAgent);
        return GenericHash.Hash(buffer.ToArray(), key, HashBytes);
    }

    /// <summary>The event's hash after <paramref name="previousHash"/>, binding its technical data through <paramref name="technicalDigest"/>.</summary>
    public static byte[] Link(ReadOnlySpan<byte> previousHash, AuditCategory category, long seq, AuditEvent e, byte[] technicalDigest) =>
        Hash(EventTag, previousHash, category, seq, e, buffer => buffer.Write(technicalDigest));

    /// <summary>The hash of an event chained before technical data left the chain: it covers the address and user agent themselves.</summary>
    public static byte[] LinkLegacy(ReadOnlySpan<byte> previousHash, AuditCategory category, long seq, AuditEvent e) =>
        Hash(LegacyEventTag, previousHash, category, seq, e, buffer =>
        {
            WriteText(buffer, e.IpAddress);
            WriteText(buffer, e.UserAgent);
        });

    private static byte[] Hash(byte[] tag, ReadOnlySpan<byte> previousHash, AuditCategory category, long seq, AuditEvent e, Action<MemoryStream> technical)
    {
        using var buffer = new MemoryStream(256);
        buffer.Write(tag);
        buffer.Write(previousHash);
        buffer.Write(e.Id.ToByteArray(bigEndian: true));
        WriteInt64(buffer, (short)category);
        WriteInt64(buffer, seq);
        WriteInt64(buffer, StoredPrecision(e.OccurredAt).UtcTicks);
        WriteText(buffer, e.Actor);
        WriteText(buffer, e.ActingFor);
        WriteText(buffer, e.Action);
        WriteText(buffer, e.ObjectType);
        WriteText(buffer, e.ObjectId);
        WriteInt64(buffer, (short)e.Outcome);
        technical(buffer);
        if (e.Detail is not null)
        {
            // Appended only when present, so events recorded before details existed keep their hashes.
            WriteText(buffer, e.Detail);
        }

        return GenericHash.Hash(buffer.ToArray(), (byte[]?)null, HashBytes);
    }

    /// <summary>The bytes a segment signature covers.</summary>
    public static byte[] SegmentHead(AuditCategory category, int segmentNo, byte[] previousHead, long firstSeq, long lastSeq, byte[] head)
    {
        using var buffer = new MemoryStream(128);
        buffer.Write(SegmentTag);
        WriteInt64(buffer, (short)category);
        WriteInt64(buffer, segmentNo);
        buffer.Write(previousHead);
        WriteInt64(buffer, firstSeq);
        WriteInt64(buffer, lastSeq);
        buffer.Write(head);
        return buffer.ToArray();
    }

    private static void WriteInt64(MemoryStream buffer, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        buffer.Write(bytes);
    }

    // Length-prefixed so that ("ab","c") and ("a","bc") hash differently; -1 marks null.
    private static void WriteText(MemoryStream buffer, string? value)
    {
        if (value is null)
        {
            WriteInt64(buffer, -1);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        WriteInt64(buffer, bytes.Length);
        buffer.Write(bytes);
    }
}
