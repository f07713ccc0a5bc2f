using System.Globalization;
using Collab.Contracts;
using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Web.Components.Shared;
using Collab.Web.Consultations;
using Microsoft.AspNetCore.Components;

namespace Collab.Web.Components.Consultations;

/// <summary>
/// The inbox: consultations by box (received, sent, groups) and status, kept up to date live. The server lists them
/// without their health fields; the page opens the patient and question of the rows it shows in the session, and of
/// the last <see cref="SearchDepth"/> when the user searches or sorts by patient.
/// </summary>
public partial class Inbox
{
    private const int PageSize = 25;

    /// <summary>How many consultations a search by patient opens.</summary>
    public const int SearchDepth = 200;

    private InboxBox _box = InboxBox.Sent;
    private IReadOnlyList<InboxEntry>? _entries;
    private IReadOnlyList<InboxEntry> _rows = [];
    private readonly Dictionary<Guid, OpenHeadline> _headlines = [];
    private readonly Dictionary<Guid, string> _groupNames = [];
    private int _shown = PageSize;
    private int _matching;
    private string? _error;
    private IAsyncDisposable? _watch;
    private bool _chosen;
    private bool? _sms;

    private string StatusFilter { get; set; } = "";

    private InboxSort Sort { get; set; } = InboxSort.Activity;

    private string Search { get; set; } = "";

    protected override void OnNoLogin() => _error = L["Error.LoginFirst"];

    protected override async Task OnFirstRenderAsync(ConsultationClient client)
    {
        _watch = await Relay.WatchInboxAsync(client.Me.Value, this);
        _sms = await Account.SmsNotificationsAsync(client.Caller);

        // Open on the box where work waits: the groups' or received requests for those who have some.
        foreach (var box in new[] { InboxBox.Groups, InboxBox.Received, InboxBox.Sent })
        {
            if (_chosen)
            {
                return; // the user picked a box meanwhile
            }

            _box = box;
            await LoadAsync();
            if (_entries is { Count: > 0 })
            {
                return;
            }
        }
    }

    private async Task ShowAsync(InboxBox box)
    {
        _chosen = true;
        _box = box;
        _shown = PageSize;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (await ClientAsync() is not { } client)
        {
            return;
        }

        try
        {
            ConsultationStatus? status = Enum.TryParse<ConsultationStatus>(StatusFilter, out var s) ? s : null;
            var entries = await client.InboxAsync(_box, status);
            foreach (var entry in entries)
            {
                await NameAsync(entry.Requester);
                await NameAsync(entry.RequiredPractitioner);
                if (entry.RequiredGroup is { } group && !_groupNames.ContainsKey(group))
                {
                    _groupNames[group] = await Groups.NameAsync(group);
                }
            }

            _entries = entries;
            _headlines.Clear(); // statuses and unread marks may have changed
            await ArrangeAsync(client);
            _error = null;
        }
        catch (DomainException e)
        {
            _error = ErrorText.Of(L, e);
        }

        StateHasChanged();
    }

    private async Task ArrangeAsync()
    {
        if (await ClientAsync() is { } client)
        {
            _shown = PageSize;
            await ArrangeAsync(client);
        }
    }

    private async Task MoreAsync()
    {
        if (await ClientAsync() is { } client)
        {
            _shown += PageSize;
            await ArrangeAsync(client);
        }
    }

    /// <summary>Filters by patient, sorts and pages the entries, opening the headlines it needs and no more.</summary>
    private async Task ArrangeAsync(ConsultationClient client)
    {
        if (_entries is null)
        {
            return;
        }

        var recent = _entries.OrderByDescending(e => e.UpdatedAt).ToList();
        var search = Fold(Search);
        IEnumerable<InboxEntry> candidates;
        if (search.Length > 0 || Sort == InboxSort.Patient)
        {
            var reachable = recent.Take(SearchDepth).ToList();
            await OpenAsync(client, reachable);
            candidates = reachable.Where(e => search.Length == 0 || (_headlines.TryGetValue(e.Consultation, out var h) && Fold(h.PatientName).Contains(search, StringComparison.Ordinal)));
        }
        else
        {
            candidates = recent;
        }

        var sorted = Sort switch
        {
            InboxSort.Waiting => candidates.OrderBy(WaitingSince),
            InboxSort.Patient => candidates.OrderBy(e => _headlines.GetValueOrDefault(e.Consultation)?.PatientName ?? "\uffff", StringComparer.Create(CultureInfo.CurrentCulture, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace)),
            _ => candidates.OrderByDescending(e => e.UpdatedAt),
        };
        var matching = sorted.ToList();
        _matching = matching.Count;
        _rows = matching.Take(_shown).ToList();
        await OpenAsync(client, _rows);
    }

    private async Task OpenAsync(ConsultationClient client, IEnumerable<InboxEntry> entries)
    {
        var missing = entries.Select(e => e.Consultation).Where(id => !_headlines.ContainsKey(id)).ToList();
        foreach (var opened in await client.HeadlinesAsync(missing))
        {
            _headlines[opened.Headline.Id] = opened;
        }
    }

    /// <summary>Since when the consultation waits: the request while nobody took it, the last change otherwise.</summary>
    private static DateTimeOffset WaitingSince(InboxEntry entry) =>
        entry.Status == ConsultationStatus.Requested && entry.RequestedAt is { } requested ? requested : entry.UpdatedAt;

    /// <summary>Who is on the other side: the addressee of one's own requests, the requester otherwise.</summary>
    private string Counterpart(InboxEntry entry) =>
        _box != InboxBox.Sent ? NameOf(entry.Requester)
        : entry.RequiredGroup is { } g ? _groupNames.GetValueOrDefault(g, "…")
        : NameOf(entry.AcceptedBy ?? entry.RequiredPractitioner);

    // Case and accents do not matter when looking for "Élodie" as "elodie".
    private static string Fold(string text) => TextFold.Fold(text);

    private async Task SetSmsAsync(ChangeEventArgs e)
    {
        if (await ClientAsync() is not { } client)
        {
            return;
        }

        var enabled = e.Value is true;
        try
        {
            await Account.SetSmsNotificationsAsync(enabled, client.Caller);
            _sms = enabled;
            _error = null;
        }
        catch (DomainException ex)
        {
            _sms = !enabled;
            _error = ex.Errors.Count > 0 ? L["Inbox.SmsNoPhone"] : ErrorText.Of(L, ex);
        }
    }

    public Task OnInboxAsync(InboxEvent change) => OnCircuitAsync(LoadAsync);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_watch is not null)
        {
            await _watch.DisposeAsync();
        }
    }
}
