namespace Collab.Web.Audit;

/// <summary>One person's accesses to a consultation (or their refused attempts).</summary>
public sealed record ReaderSummary(string Actor, string Name, bool Refused, int Count, DateTimeOffset First, DateTimeOffset Last, IReadOnlyList<string> Actions);
