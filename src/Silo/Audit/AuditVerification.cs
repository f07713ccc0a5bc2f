namespace Collab.Silo.Audit;

/// <summary>
/// The outcome of <see cref="AuditVerifier.VerifyAsync"/>. <see cref="LinkedOnly"/> counts events chained before
/// technical data left the chain whose technical data has since been purged: their place in the chain and the
/// signed heads are checked, their own fields can no longer be recomputed.
/// </summary>
public sealed record AuditVerification(long Events, int Segments, string? Problem, long LinkedOnly = 0)
{
    public bool IsIntact => Problem is null;

    public override string ToString() =>
        !IsIntact ? $"BROKEN: {Problem}"
        : LinkedOnly == 0 ? $"OK: {Events} events in {Segments} segments"
        : $"OK: {Events} events in {Segments} segments ({LinkedOnly} written before migration 0011, past their technical data's retention: checked by their links and signed heads)";
}
