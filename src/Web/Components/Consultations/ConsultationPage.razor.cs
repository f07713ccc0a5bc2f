using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Grains.Consultations;
using Collab.Web.Components.Shared;
using Collab.Web.Consultations;
using Collab.Web.Groups;
using Collab.Web.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Collab.Web.Components.Consultations;

/// <summary>
/// One consultation, live: the page holds the state (the opened consultation, its feed, receipts, presence, typing)
/// and the handlers; <see cref="ConsultationSummary"/>, <see cref="ConsultationRetention"/>,
/// <see cref="ConsultationDiscussion"/> and <see cref="ConsultationActions"/> render their parts.
/// </summary>
public partial class ConsultationPage
{
    private OpenConsultation? _c;
    private ConsultationFeed? _feed;
    private PractitionerId? _me;
    private string? _groupName;
    private string? _error;
    private bool _busy;
    private bool _gone;
    private bool _writable;
    private long _markedRead;
    private DateTimeOffset _lastTyping;
    private readonly Dictionary<PractitionerId, ReadReceipt> _receipts = [];
    private readonly Dictionary<PractitionerId, DateTimeOffset> _typing = [];
    private readonly HashSet<PractitionerId> _present = [];
    private IReadOnlyDictionary<string, string> _fieldErrors = new Dictionary<string, string>();
    private Timer? _typingTimer;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private LiveRelay Relay { get; set; } = null!;

    [Inject]
    private IAttachmentStore Attachments { get; set; } = null!;

    [Inject]
    private GroupService Groups { get; set; } = null!;

    [Inject]
    private TimeProvider Clock { get; set; } = null!;

    protected override void OnNoLogin() => _error = L["Error.LoginFirst"];

    protected override async Task OnFirstRenderAsync(ConsultationClient client)
    {
        _me = client.Me;
        await Guard(async () =>
        {
            await ReloadAsync();
            _feed = new ConsultationFeed(Relay, client, Id, change => OnCircuitAsync(() => OnFeedAsync(change)));
            await _feed.StartAsync();
            await client.SignalAsync(Id, ConsultationEventKind.Presence);
        });
        _typingTimer = new Timer(_ => OnCircuitAsync(() => { StateHasChanged(); return Task.CompletedTask; }), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        StateHasChanged();
    }

    private async Task ReloadAsync()
    {
        var client = (await ClientAsync())!;
        _c = await client.OpenAsync(Id);
        var v = _c.View;
        _writable = !ConsultationWorkflow.IsFinal(v.Status);
        foreach (var receipt in v.ReadReceipts)
        {
            _receipts[receipt.Reader] = receipt;
        }

        foreach (var person in new PractitionerId?[] { v.Requester, v.RequiredPractitioner, v.AcceptedBy }.Concat(_receipts.Keys.Select(k => (PractitionerId?)k)))
        {
            await NameAsync(person);
        }

        _groupName = v.RequiredGroup is { } g ? await Groups.NameAsync(g) : null;
    }

    private async Task OnFeedAsync(FeedChange change)
    {
        foreach (var item in change.Items)
        {
            await NameAsync(item.Author);
        }

        if (change.Event is { } e)
        {
            await NameAsync(e.By);
            switch (e.Kind)
            {
                case ConsultationEventKind.Status:
                    await Guard(ReloadAsync);
                    break;
                case ConsultationEventKind.Read when e.By is { } reader:
                    _receipts[reader] = new ReadReceipt(reader, e.Sequence, e.At);
                    break;
                case ConsultationEventKind.Typing when e.By is { } typist && typist != _me:
                    _typing[typist] = Clock.GetUtcNow();
                    break;
                case ConsultationEventKind.Presence when e.By is { } person && person != _me:
                    if (e.Present)
                    {
                        // Someone arrived: say we are here too, once, so that whoever opens the case second sees the first.
                        if (_present.Add(person) && await ClientAsync() is { } client)
                        {
                            await Guard(() => client.SignalAsync(Id, ConsultationEventKind.Presence));
                        }
                    }
                    else
                    {
                        _present.Remove(person);
                    }

                    break;
            }
        }

        if (change.Items.Count > 0)
        {
            foreach (var item in change.Items.Where(i => i.Author is { } a))
            {
                _typing.Remove(item.Author!.Value);
            }

            await MarkReadAsync();
        }

        StateHasChanged();
    }

    private async Task MarkReadAsync()
    {
        if (_feed is null || _feed.Contiguous <= _markedRead || await ClientAsync() is not { } client)
        {
            return;
        }

        _markedRead = _feed.Contiguous;
        await Guard(() => client.MarkReadAsync(Id, _markedRead));
    }

    private async Task SendAsync(string text)
    {
        if (await ClientAsync() is { } client)
        {
            await Guard(() => client.PostAsync(Id, ItemBody.Message(text), Guid.NewGuid(), _feed?.Contiguous ?? 0));
        }
    }

    private async Task TypingAsync()
    {
        if (Clock.GetUtcNow() - _lastTyping < TimeSpan.FromSeconds(3) || await ClientAsync() is not { } client)
        {
            return;
        }

        _lastTyping = Clock.GetUtcNow();
        await Guard(() => client.SignalAsync(Id, ConsultationEventKind.Typing));
    }

    private async Task AttachAsync(InputFileChangeEventArgs e)
    {
        if (await ClientAsync() is not { } client)
        {
            return;
        }

        var file = e.File;
        if (file.Size > NewRequest.MaxFileBytes)
        {
            _error = string.Format(System.Globalization.CultureInfo.CurrentCulture, L["Request.FileTooBig"], file.Name);
            return;
        }

        await Guard(async () =>
        {
            await using var content = file.OpenReadStream(NewRequest.MaxFileBytes);
            var body = await ConsultationClient.StoreFileAsync(Attachments, Id, content, file.Name, file.ContentType, file.Size);
            await client.PostAsync(Id, body, Guid.NewGuid(), _feed?.Contiguous ?? 0);
        });
    }

    private async Task DeleteAsync(long sequence)
    {
        if (await ClientAsync() is { } client)
        {
            await Guard(() => client.DeleteAsync(Id, sequence));
        }
    }

    private async Task ActAsync(ConsultationActions.ActionRequest request)
    {
        if (await ClientAsync() is not { } client)
        {
            return;
        }

        if (request.Action == ConsultationAction.Answer && string.IsNullOrWhiteSpace(request.Opinion))
        {
            _fieldErrors = new Dictionary<string, string> { ["opinion"] = L["Request.Required"] };
            return;
        }

        _busy = true;
        await Guard(async () =>
        {
            await client.ActAsync(Id, request.Action, request.Reason, request.Opinion, request.ActCode);
            _fieldErrors = new Dictionary<string, string>();
            await ReloadAsync();
        });
        _busy = false;
    }

    private async Task SetRetentionAsync(int days)
    {
        if (await ClientAsync() is { } client)
        {
            await Guard(async () =>
            {
                await client.SetRetentionAsync(Id, new Contracts.Retention.RetentionPolicy(days));
                await ReloadAsync();
            });
        }
    }

    private async Task MarkBilledAsync()
    {
        if (await ClientAsync() is { } client)
        {
            await Guard(async () =>
            {
                await client.MarkBilledAsync(Id);
                await ReloadAsync();
            });
        }
    }

    // What a grain or the crypto module refuses is shown, never thrown at the circuit.
    private async Task Guard(Func<Task> work)
    {
        try
        {
            await work();
            _error = null;
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.Gone)
        {
            _gone = true; // destroyed at the end of its retention: the tombstone replaces the page
            _c = null;
            _error = null;
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.Unauthenticated)
        {
            _error = L["Error.SessionEnded"];
        }
        catch (DomainException e) when (e.Errors.Count > 0 && e.Errors.All(f => f.Field is "opinion" or "actCode" or "reason"))
        {
            // Beside the field it concerns, where the user is, rather than at the top of the page.
            _fieldErrors = e.Errors.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => ErrorText.Rule(L, g.First().Rule));
        }
        catch (DomainException e)
        {
            _error = ErrorText.Of(L, e);
        }
        catch (Crypto.CryptoException e) when (e.Failure == Crypto.CryptoFailure.NotARecipient)
        {
            _error = L["Error.KeysWithdrawn"];
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _typingTimer?.Dispose();
        if (_feed is not null)
        {
            await _feed.DisposeAsync();
            if (_c is not null && await ClientAsync() is { } client)
            {
                try
                {
                    await client.SignalAsync(Id, ConsultationEventKind.Presence, present: false);
                }
                catch (DomainException)
                {
                    // Left after losing access: nothing to tell.
                }
            }
        }

        GC.SuppressFinalize(this);
    }
}
