using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Contracts.Practitioners;
using Collab.Web.Access;
using Collab.Web.Account;
using Collab.Web.Consultations;
using Collab.Web.Structures;

namespace Collab.Web.Home;

/// <summary>The home page's and the navigation's view of a practitioner's day: their roles and what waits for them.</summary>
public sealed class WorkloadService(AccountService account, StructureService structures, TimeProvider clock)
{
    /// <summary>The caller's roles, read once per request (the navigation and the page both ask).</summary>
    public Task<Roles> RolesAsync(HttpContext http) => Once(http, nameof(Roles), () => RolesAsync(HttpCaller.From(http)));

    /// <summary>What waits for the caller, read once per request.</summary>
    public Task<Workload> WorkloadAsync(HttpContext http, ConsultationClient client) => Once(http, nameof(Workload), () => WorkloadAsync(client));

    private async Task<Roles> RolesAsync(Caller caller)
    {
        if (caller.PractitionerId is not { } me)
        {
            return Roles.None;
        }

        var standing = await account.StandingAsync(caller);
        var administered = standing.IsOperator ? [] : await structures.AdministeredByAsync(me, standing.Structure);
        return new Roles(standing.Status == AccountStatus.Active, standing.IsOperator, administered.Count > 0);
    }

    /// <summary>The requests to answer (to accept, or accepted by the caller without an opinion yet), those waiting for an answer, the drafts.</summary>
    private async Task<Workload> WorkloadAsync(ConsultationClient client)
    {
        var me = client.Me;
        var sent = await client.InboxAsync(InboxBox.Sent);
        var received = await client.InboxAsync(InboxBox.Received);
        var groups = await client.InboxAsync(InboxBox.Groups);
        var incoming = received.Concat(groups).DistinctBy(e => e.Consultation).ToList();
        static bool Open(InboxEntry e) => e.Status is ConsultationStatus.Requested or ConsultationStatus.Accepted;

        var toAnswer = incoming
            .Where(e => e.Status == ConsultationStatus.Requested || (e.Status == ConsultationStatus.Accepted && e.AcceptedBy == me))
            .OrderBy(e => e.RequestedAt ?? e.UpdatedAt).ToList();
        var waiting = sent.Where(Open).OrderBy(e => e.RequestedAt ?? e.UpdatedAt).ToList();
        var drafts = sent.Where(e => e.Status == ConsultationStatus.Draft).OrderByDescending(e => e.UpdatedAt).ToList();
        var active = sent.Concat(incoming).Where(e => Open(e) || e.Status == ConsultationStatus.Answered)
            .DistinctBy(e => e.Consultation).OrderByDescending(e => e.UpdatedAt).ToList();
        var deletingSoon = sent.Count(e => e.DestroyAt is { } at && at - clock.GetUtcNow() <= Grains.Retention.RetentionTimer.WarningLead);
        return new Workload(toAnswer, waiting, drafts, active, deletingSoon);
    }

    private static Task<T> Once<T>(HttpContext http, string name, Func<Task<T>> load)
    {
        var key = $"Collab.Home.{name}";
        if (http.Items[key] is not Task<T> loaded)
        {
            http.Items[key] = loaded = load();
        }

        return loaded;
    }
}
