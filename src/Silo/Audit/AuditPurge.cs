using Collab.Grains.Audit;

namespace Collab.Silo.Audit;

/// <summary>What a purge removed from one category's chain.</summary>
public sealed record AuditPurge(AuditCategory Category, int FirstSegment, int LastSegment, long Events, string Head);
