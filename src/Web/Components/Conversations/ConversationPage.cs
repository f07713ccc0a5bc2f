using Collab.Contracts.Consultations;
using Collab.Contracts.Conversations;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Grains.Consultations;
using Collab.Web.Components.Consultations;
using Collab.Web.Components.Shared;
using Collab.Web.Consultations;
using Collab.Web.Conversations;
using Collab.Web.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Collab.Web.Components.Conversations;

/// <summary>
/// A page around one live conversation (a consultation, a discussion): its feed, read receipts, presence and typing,
/// and the handlers <see cref="ConversationPanel"/> calls. The page adds what its kind has on top.
/// </summary>
public abstract class ConversationPage : PractitionerComponent
{
    private DateTimeOffset _lastTyping;
    private long _markedRead;
    private Timer? _typingTimer;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    protected LiveRelay Relay { get; set; } = null!;

    [Inject]
    protected TimeProvider Clock { get; set; } = null!;

    [Inject]
    private IAttachmentStore Attachments { get; set; } = null!;

    [Inject]
    private Microsoft.Extensions.Localization.IStringLocalizer<Ui> Texts { get; set; } = null!;

    /// <summary>What the page tells the user at its top (a refusal, a file too big), or null.</summary>
    protected string? Error { get; set; }

    protected ConsultationFeed? Feed { get; private set; }

    protected PractitionerId? Me { get; private set; }

    protected Dictionary<PractitionerId, ReadReceipt> Receipts { get; } = [];

    protected Dictionary<PractitionerId, DateTimeOffset> Typing { get; } = [];

    protected HashSet<PractitionerId> Present { get; } = [];

    /// <summary>Who acts in this page (its session), once the feed started: the call panel acts as them.</summary>
    protected Contracts.Access.Caller? PageCaller { get; private set; }

    /// <summary>Bumped at each call event of the conversation (someone started, joined or ended the call).</summary>
    protected int CallVersion { get; private set; }

    /// <summary>The conversation's ended calls, as the call panel last read them.</summary>
    protected IReadOnlyList<Contracts.Calls.CallRecord> EndedCalls { get; private set; } = [];

    protected void OnCallRead(Contracts.Calls.CallView view) => EndedCalls = view.Ended;

    /// <summary>The user's client for this kind of conversation (null when nobody is logged in).</summary>
    protected abstract Task<ConversationClient?> ConversationClientAsync();

    /// <summary>Runs work for the user, showing what the grain or the crypto module refuses instead of throwing at the circuit.</summary>
    protected abstract Task Guard(Func<Task> work);

    /// <summary>The conversation's status, name or members changed: read them again.</summary>
    protected abstract Task OnStatusChangedAsync();

    /// <summary>Opens the live feed, says the user is here, and redraws every 2 s (typing fades).</summary>
    protected async Task StartFeedAsync(ConversationClient client)
    {
        Me = client.Me;
        PageCaller = client.Caller;
        Feed = new ConsultationFeed(Relay, client, Id, change => OnCircuitAsync(() => OnFeedAsync(change)));
        await Feed.StartAsync();
        await client.SignalAsync(Id, ConsultationEventKind.Presence);
        _typingTimer = new Timer(_ => OnCircuitAsync(() => { StateHasChanged(); return Task.CompletedTask; }), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
    }

    protected async Task SendAsync(ConversationPanel.Draft draft)
    {
        if (await ConversationClientAsync() is { } client)
        {
            await Guard(async () =>
            {
                var place = await client.PostAsync(Id, ItemBody.Message(draft.Text, draft.ReplyTo), MessageIds.New(), Feed?.Contiguous ?? 0);
                await OnSentAsync(place, draft.Text);
            });
        }
    }

    /// <summary>A message of the user's was placed at <paramref name="place"/> (a discussion tells whom it mentions).</summary>
    protected virtual Task OnSentAsync(long place, string text) => Task.CompletedTask;

    protected async Task TypingAsync()
    {
        if (Clock.GetUtcNow() - _lastTyping < TimeSpan.FromSeconds(3) || await ConversationClientAsync() is not { } client)
        {
            return;
        }

        _lastTyping = Clock.GetUtcNow();
        await Guard(() => client.SignalAsync(Id, ConsultationEventKind.Typing));
    }

    /// <summary>Encrypts a file into the store and posts the item that points to it (images, PDFs, documents).</summary>
    protected async Task AttachAsync(InputFileChangeEventArgs e)
    {
        var file = e.File;
        if (file.Size > NewRequest.MaxFileBytes)
        {
            Error = string.Format(System.Globalization.CultureInfo.CurrentCulture, Texts["Request.FileTooBig"], file.Name);
            return;
        }

        await using var content = file.OpenReadStream(NewRequest.MaxFileBytes);
        await PostFileAsync(content, file.Name, file.ContentType, file.Size);
    }

    /// <summary>Posts a voice note recorded in the browser (an audio file like any other, encrypted the same way).</summary>
    protected async Task VoiceNoteAsync(ConversationPanel.VoiceNote note)
    {
        if (note.Size > NewRequest.MaxFileBytes)
        {
            Error = string.Format(System.Globalization.CultureInfo.CurrentCulture, Texts["Request.FileTooBig"], note.Name);
            return;
        }

        await using var content = await note.Recording.OpenReadStreamAsync(NewRequest.MaxFileBytes);
        await PostFileAsync(content, note.Name, note.ContentType, note.Size);
    }

    protected async Task DeleteAsync(long sequence)
    {
        if (await ConversationClientAsync() is { } client)
        {
            await Guard(() => client.DeleteAsync(Id, sequence));
        }
    }

    private async Task PostFileAsync(Stream content, string name, string contentType, long size)
    {
        if (await ConversationClientAsync() is not { } client)
        {
            return;
        }

        await Guard(async () =>
        {
            var body = await ConversationClient.StoreFileAsync(Attachments, Id, content, name, contentType, size);
            await client.PostAsync(Id, body, MessageIds.New(), Feed?.Contiguous ?? 0);
        });
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
                    await Guard(OnStatusChangedAsync);
                    break;
                case ConsultationEventKind.Read when e.By is { } reader:
                    Receipts[reader] = new ReadReceipt(reader, e.Sequence, e.At);
                    break;
                case ConsultationEventKind.Call:
                    CallVersion++;
                    break;
                case ConsultationEventKind.Typing when e.By is { } typist && typist != Me:
                    Typing[typist] = Clock.GetUtcNow();
                    break;
                case ConsultationEventKind.Presence when e.By is { } person && person != Me:
                    if (e.Present)
                    {
                        // Someone arrived: say we are here too, once, so that whoever opens the page second sees the first.
                        if (Present.Add(person) && await ConversationClientAsync() is { } client)
                        {
                            await Guard(() => client.SignalAsync(Id, ConsultationEventKind.Presence));
                        }
                    }
                    else
                    {
                        Present.Remove(person);
                    }

                    break;
            }
        }

        if (change.Items.Count > 0)
        {
            foreach (var item in change.Items.Where(i => i.Author is { } a))
            {
                Typing.Remove(item.Author!.Value);
            }

            await MarkReadAsync();
        }

        StateHasChanged();
    }

    private async Task MarkReadAsync()
    {
        if (Feed is null || Feed.Contiguous <= _markedRead || await ConversationClientAsync() is not { } client)
        {
            return;
        }

        _markedRead = Feed.Contiguous;
        await Guard(() => client.MarkReadAsync(Id, _markedRead));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _typingTimer?.Dispose();
        if (Feed is not null)
        {
            await Feed.DisposeAsync();
            if (Feed.Open && await ConversationClientAsync() is { } client)
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
