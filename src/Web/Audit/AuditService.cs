using Collab.Contracts.Access;
using Collab.Contracts.Audit;
using Collab.Contracts.Practitioners;
using Collab.Web.Practitioners;

namespace Collab.Web.Audit;

/// <summary>The audit viewer for operators and structure administrators: traces, who read a consultation, unusual-access flags. The grain decides access and traces each viewing.</summary>
public sealed class AuditService(IClusterClient cluster, PractitionerService practitioners)
{
    public Task<IReadOnlyList<AuditRow>> QueryAsync(AuditQuery query, Caller caller) => Viewer.Query(query, caller);

    public Task<IReadOnlyList<FlagRow>> FlagsAsync(Guid? structure, Caller caller) => Viewer.Flags(structure, caller);

    /// <summary>Who opened, read or downloaded a consultation, and who was refused: one line per person (the API and the page).</summary>
    public async Task<IReadOnlyList<ReaderSummary>> ReadersAsync(Guid consultation, Guid? structure, Caller caller)
    {
        var rows = await Viewer.Query(
            new AuditQuery(Structure: structure, ObjectType: "consultation", ObjectId: consultation.ToString(), Category: "Access", Limit: AuditQuery.MaxLimit), caller);
        var people = rows.GroupBy(r => (r.Actor, Refused: r.Outcome != "Succeeded")).ToList();
        var ids = people.Select(p => p.Key.Actor.StartsWith(Caller.PractitionerPrefix, StringComparison.Ordinal)
            && Guid.TryParse(p.Key.Actor.AsSpan(Caller.PractitionerPrefix.Length), out var g) ? new PractitionerId(g) : (PractitionerId?)null);
        var names = await practitioners.NamesAsync(ids);
        return people
            .Select(p => new ReaderSummary(
                p.Key.Actor, NameOf(p.Key.Actor, names), p.Key.Refused, p.Count(), p.Min(r => r.OccurredAt), p.Max(r => r.OccurredAt),
                p.Select(r => r.Action).Distinct().Order(StringComparer.Ordinal).ToList()))
            .OrderBy(r => r.Refused).ThenBy(r => r.First)
            .ToList();
    }

    private static string NameOf(string actor, Dictionary<PractitionerId, string> names) =>
        names.FirstOrDefault(n => actor.EndsWith(n.Key.Value.ToString("D"), StringComparison.Ordinal)).Value ?? actor;

    private IAuditViewerGrain Viewer => cluster.Grain<IAuditViewerGrain>(0);
}
