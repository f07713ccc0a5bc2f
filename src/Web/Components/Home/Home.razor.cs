using Collab.Contracts.Consultations;
using Collab.Contracts.Practitioners;
using Collab.Web.Access;
using Collab.Web.Account;
using Collab.Web.Consultations;
using Collab.Web.Home;
using Microsoft.AspNetCore.Components;

namespace Collab.Web.Components.Home;

/// <summary>
/// The dashboard: what waits for the practitioner (to handle, waiting for an opinion, new messages, drafts) with the
/// patients opened in their session, reminders and quick actions. Rendered on the server at each visit.
/// </summary>
public partial class Home
{
    /// <summary>How many rows each list of the dashboard opens and shows.</summary>
    public const int Shown = 5;

    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    [Inject] private AccountService Account { get; set; } = null!;

    [Inject] private ConsultationClients Clients { get; set; } = null!;

    [Inject] private WorkloadService Workloads { get; set; } = null!;

    [Inject] private TimeProvider Clock { get; set; } = null!;

    [Inject] private Practitioners.PractitionerService Practitioners { get; set; } = null!;

    private PractitionerProfile? _me;
    private bool _termsOutdated;
    private Roles _roles = Roles.None;
    private Workload _work = Workload.None;
    private IReadOnlyList<InboxEntry> _unread = [];
    private int _waitingLong;
    private Dictionary<Guid, OpenHeadline> _headlines = [];
    private IReadOnlyList<(Guid Id, string Title, long Unread)> _discussions = [];

    protected override async Task OnInitializedAsync()
    {
        if (HttpContext?.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var caller = HttpCaller.From(HttpContext);
        _me = await Account.ProfileAsync(caller);
        var standing = await Account.StandingAsync(caller);
        _termsOutdated = standing.AcceptedTermsVersion < Account.CurrentTerms;
        _roles = await Workloads.RolesAsync(HttpContext);
        if (!_roles.Clinical)
        {
            return;
        }

        var client = Clients.For(HttpContext);
        _work = await Workloads.WorkloadAsync(HttpContext, client);
        _waitingLong = _work.Waiting.Count(e => e.Status == ConsultationStatus.Requested && e.RequestedAt is { } at && Clock.GetUtcNow() - at > Grains.Consultations.ConsultationGrain.UnansweredAfter);

        // One pass opens what the lists show and finds the unread among the active consultations.
        var shown = _work.ToAnswer.Take(Shown).Concat(_work.Waiting.Take(Shown)).Concat(_work.Drafts.Take(Shown)).Concat(_work.Active.Take(30));
        _headlines = (await client.HeadlinesAsync(shown.Select(e => e.Consultation).Distinct())).ToDictionary(h => h.Headline.Id);
        _unread = _work.Active.Where(e => _headlines.TryGetValue(e.Consultation, out var h) && h.Headline.Unread).ToList();

        // Discussions with unread messages, and how many each (ids and counts only: no content is opened for this).
        var unreadDiscussions = (await Clients.DiscussionsFor(HttpContext).ListAsync()).Where(d => d.LastSequence > d.ReadUpTo).ToList();
        var names = await Practitioners.NamesAsync(unreadDiscussions.SelectMany(d => d.Members).Distinct().Select(m => (PractitionerId?)m));
        _discussions = [.. unreadDiscussions.Select(d => (d.Id, Components.Discussions.DiscussionTitle.Of(d, caller.PractitionerId, m => m is { } p ? names.GetValueOrDefault(p, "…") : ""), d.LastSequence - d.ReadUpTo))];
    }
}
