namespace Collab.Silo.Audit;

/// <summary>Settings under <c>Audit:</c>.</summary>
public sealed class AuditOptions
{
    /// <summary>
    /// File holding the Ed25519 seed that signs segment heads; generated on first run when missing.
    /// Every silo of a cluster must use the same key (mount it as a secret in production).
    /// </summary>
    public string SigningKeyPath { get; set; } = Path.Combine(".collab", "keys", "audit-signing.key");

    /// <summary>Events per segment before a new one starts; retention purges whole segments.</summary>
    public int SegmentSize { get; set; } = 10_000;
}
