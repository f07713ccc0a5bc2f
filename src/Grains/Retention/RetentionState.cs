using Collab.Contracts.Retention;

namespace Collab.Grains.Retention;

/// <summary>Where a piece of data stands in its retention: kept in the owning grain's state.</summary>
public sealed class RetentionState
{
    /// <summary>The policy in force once the clock started.</summary>
    public RetentionPolicy? Policy { get; set; }

    /// <summary>When the data is destroyed; null while the clock has not started (or the data is kept).</summary>
    public DateTimeOffset? DestroyAt { get; set; }

    public DateTimeOffset? WarnedAt { get; set; }

    public DateTimeOffset? DestroyedAt { get; set; }

    /// <summary>The audit event holding the deletion certificate.</summary>
    public Guid? CertificateEventId { get; set; }
}
