using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Web.Consultations;
using Microsoft.AspNetCore.Components;

namespace Collab.Web.Components.Consultations;

/// <summary>The inbox: consultations by box (received, sent, drafts) and status, kept up to date live.</summary>
public partial class Inbox
{
    private InboxBox _box = InboxBox.Sent;
    private IReadOnlyList<InboxEntry>? _entries;
    private readonly Dictionary<Guid, string> _groupNames = [];
    private string? _error;
    private IAsyncDisposable? _watch;
    private bool _chosen;
    private bool? _sms;

    private string StatusFilter { get; set; } = "";

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
                await NameAsync(entry.AcceptedBy);
                if (entry.RequiredGroup is { } group && !_groupNames.ContainsKey(group))
                {
                    _groupNames[group] = await Groups.NameAsync(group);
                }
            }

            _entries = entries;
            _error = null;
        }
        catch (DomainException e)
        {
            _error = e.Message;
        }

        StateHasChanged();
    }

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
            _error = ex.Errors.Count > 0 ? L["Inbox.SmsNoPhone"] : ex.Message;
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
