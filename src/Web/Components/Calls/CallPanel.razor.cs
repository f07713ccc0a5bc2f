using Collab.Contracts.Access;
using Collab.Contracts.Calls;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Collab.Web.Components.Calls;

/// <summary>
/// A conversation's call: start a video or voice call, join the one that rings, mute, turn the camera off, share the
/// screen, leave; who is in it; the calls that ended. The media are the browsers' (<c>collabCall</c> in app.js); this
/// component carries their signalling to and from the call's grain over the page's own connection.
/// </summary>
public sealed partial class CallPanel
{
    private CallView? _view;
    private CallJoined? _joined;
    private Observer? _observer;
    private ICallObserver? _observerReference;
    private DotNetObjectReference<CallPanel>? _self;
    private bool _startMedia;
    private bool _muted;
    private bool _cameraOff;
    private bool _sharing;
    private bool _busy;
    private string? _error;
    private int _seenVersion = -1;

    /// <summary>The conversation (a consultation's or a discussion's).</summary>
    [Parameter, EditorRequired]
    public Guid Conversation { get; set; }

    [Parameter]
    public bool Discussion { get; set; }

    /// <summary>Who acts (the page's session); nothing is shown before it is known.</summary>
    [Parameter]
    public Caller? Caller { get; set; }

    /// <summary>Bumped by the page at each call event of the conversation: the panel reads the call again.</summary>
    [Parameter]
    public int Version { get; set; }

    [Parameter, EditorRequired]
    public Func<PractitionerId?, string> NameOf { get; set; } = null!;

    /// <summary>Told each time the call is read again (the page marks the ended calls in its timeline).</summary>
    [Parameter]
    public EventCallback<CallView> Changed { get; set; }

    /// <summary>Asked to learn a practitioner's name for <see cref="NameOf"/>.</summary>
    [Parameter]
    public Func<PractitionerId?, Task>? LearnName { get; set; }

    private ICallGrain Call => Grains.Grain<ICallGrain>(Conversation);

    protected override async Task OnParametersSetAsync()
    {
        if (Caller is not null && Version != _seenVersion)
        {
            _seenVersion = Version;
            await ReloadAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_startMedia && _joined is { } joined)
        {
            _startMedia = false;
            _self ??= DotNetObjectReference.Create(this);
            try
            {
                foreach (var other in joined.Others)
                {
                    await Js.InvokeVoidAsync("collabCall.joined", other.Peer.ToString(), NameOf(other.Practitioner));
                }

                await Js.InvokeVoidAsync(joined.Access.Adapter == CallAccess.Twilio ? "collabCall.startTwilio" : "collabCall.start", _self, new
                {
                    me = L["Call.You"].Value,
                    video = joined.Media == CallMedia.Video,
                    iceServers = joined.Access.IceServers.Select(s => new { urls = s.Urls, username = s.Username, credential = s.Credential }),
                    loopbackOnly = joined.Access.LoopbackOnly,
                    others = joined.Others.Select(o => new { peer = o.Peer.ToString(), label = NameOf(o.Practitioner) }),
                    room = joined.Access.Room,
                    token = joined.Access.Token,
                });
            }
            catch (JSException)
            {
                _error = L["Call.NoDevices"];
                await LeaveAsync();
            }
        }
    }

    /// <summary>Signalling from this browser to another participant's.</summary>
    [JSInvokable]
    public async Task Send(string to, string payload)
    {
        if (_joined is { } joined && Guid.TryParse(to, out var peer))
        {
            try
            {
                await Call.Signal(joined.Peer, peer, payload, Caller!);
            }
            catch (DomainException e) when (e.Code == DomainErrorCode.NotFound)
            {
                // they left meanwhile
            }
        }
    }

    /// <summary>Twilio ended the room (or the connection to it): this browser is out of the call.</summary>
    [JSInvokable]
    public Task RoomEnded() => InvokeAsync(async () =>
    {
        await LeaveAsync();
        StateHasChanged();
    });

    /// <summary>The browser's own "stop sharing" ended the screen share.</summary>
    [JSInvokable]
    public Task ShareEnded() => InvokeAsync(async () =>
    {
        if (_sharing)
        {
            _sharing = await Js.InvokeAsync<bool>("collabCall.share", false);
            StateHasChanged();
        }
    });

    private async Task ReloadAsync()
    {
        try
        {
            _view = await Call.Get(Discussion, Caller!);
            await Changed.InvokeAsync(_view);
            if (LearnName is not null)
            {
                foreach (var p in _view.Participants)
                {
                    await LearnName(p.Practitioner);
                }
            }
        }
        catch (DomainException e)
        {
            _error = ErrorText.Of(L, e);
        }
    }

    private async Task JoinAsync(CallMedia media)
    {
        _busy = true;
        _error = null;
        try
        {
            _observer = new Observer(this);
            _observerReference = Grains.CreateObjectReference<ICallObserver>(_observer);
            _joined = await Call.Join(Discussion, media, _observerReference, Caller!);
            _muted = _cameraOff = _sharing = false;
            await ReloadAsync();
            _startMedia = true;
        }
        catch (DomainException e)
        {
            _error = ErrorText.Of(L, e);
            Release();
        }

        _busy = false;
    }

    private async Task MuteAsync()
    {
        _muted = !_muted;
        await Js.InvokeVoidAsync("collabCall.mute", _muted);
    }

    private async Task CameraAsync()
    {
        _cameraOff = !_cameraOff;
        await Js.InvokeVoidAsync("collabCall.cameraOff", _cameraOff);
    }

    private async Task ShareAsync()
    {
        try
        {
            _sharing = await Js.InvokeAsync<bool>("collabCall.share", !_sharing);
        }
        catch (JSException)
        {
            _sharing = false; // refused by the user or the browser
        }
    }

    private async Task LeaveAsync()
    {
        if (_joined is { } joined)
        {
            _joined = null;
            await StopMediaAsync();
            try
            {
                await Call.Leave(joined.Peer, Caller!);
            }
            catch (DomainException)
            {
                // put out already
            }

            Release();
            await ReloadAsync();
        }
    }

    private async Task StopMediaAsync()
    {
        try
        {
            await Js.InvokeVoidAsync("collabCall.stop");
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException)
        {
            // the page is closing
        }
    }

    private void Release()
    {
        if (_observerReference is not null)
        {
            Grains.DeleteObjectReference<ICallObserver>(_observerReference);
        }

        _observerReference = null;
        _observer = null;
    }

    public async ValueTask DisposeAsync()
    {
        await LeaveAsync();
        _self?.Dispose();
    }

    private Task OnCircuit(Func<Task> work)
    {
        _ = InvokeAsync(async () =>
        {
            try
            {
                await work();
                StateHasChanged();
            }
            catch (Exception e) when (e is JSException or JSDisconnectedException or DomainException or TaskCanceledException)
            {
                // the page went away, or the call with it
            }
        });
        return Task.CompletedTask;
    }

    // The grain's messages, handed to the circuit without waiting for the browser (the grain does not wait on a page).
    private sealed class Observer(CallPanel panel) : ICallObserver
    {
        public Task Joined(CallPeer peer) => panel.OnCircuit(async () =>
        {
            if (panel.LearnName is not null)
            {
                await panel.LearnName(peer.Practitioner);
            }

            await panel.Js.InvokeVoidAsync("collabCall.joined", peer.Peer.ToString(), panel.NameOf(peer.Practitioner));
            await panel.ReloadAsync();
        });

        public Task Left(Guid peer) => panel.OnCircuit(async () =>
        {
            await panel.Js.InvokeVoidAsync("collabCall.left", peer.ToString());
            await panel.ReloadAsync();
        });

        public Task Signal(Guid from, string payload) => panel.OnCircuit(async () =>
        {
            var label = panel._view?.Participants.FirstOrDefault(p => p.Peer == from) is { } p ? panel.NameOf(p.Practitioner) : "";
            await panel.Js.InvokeVoidAsync("collabCall.signal", from.ToString(), payload, label);
        });

        public Task Ended(string reason) => panel.OnCircuit(async () =>
        {
            panel._joined = null;
            panel._error = panel.L["Call.Removed"];
            await panel.StopMediaAsync();
            panel.Release();
            await panel.ReloadAsync();
        });
    }
}
