using Collab.Grains.Audit;

namespace Collab.Silo.Audit;

/// <summary>An audit event at its place in its category's chain, with the keyed digest of its technical data and that key.</summary>
public sealed record ChainedAuditEvent(long Seq, int SegmentNo, AuditEvent Event, byte[] Hash, byte[] TechnicalDigest, byte[] TechnicalKey);
