using System.Buffers.Binary;
using System.Text;
using Collab.Grains.Audit;
using Sodium;

namespace Collab.Silo.Audit;

/// <summary>An audit event at its place in its category's chain.</summary>
public sealed record ChainedAuditEvent(long Seq, int SegmentNo, AuditEvent Event, byte[] Hash);

/// <summary>
/// The hash chain and segment signatures, with no I/O. Each event's hash is
/// BLAKE2b-256(previous hash ‖ canonical bytes of the event at its sequence number); a segment's
/// head (its last hash, its bounds and the previous segment's head) is signed with Ed25519.
/// </summary>
public static class AuditChain
{
    public const int HashBytes = 32;
    private static readonly byte[] EventTag = "collab.audit.event.v1"u8.ToArray();
    private static readonly byte[] SegmentTag = "collab.audit.segment.v1"u8.ToArray();

    public static byte[] Genesis => new byte[HashBytes];

    /// <summary>PostgreSQL keeps microseconds; hash exactly what is stored.</summary>
    public static DateTimeOffset StoredPrecision(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    public static byte[] Link(ReadOnlySpan<byte> previousHash, AuditCategory category, long seq, AuditEvent e)
    {
        using var buffer = new MemoryStream(256);
        buffer.Write(EventTag);
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
        WriteText(buffer, e.IpAddress);
        WriteText(buffer, e.UserAgent);
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
