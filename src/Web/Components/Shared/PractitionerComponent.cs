using System.Globalization;
using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.Web.Account;
using Collab.Web.Consultations;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Collab.Web.Components.Shared;

/// <summary>
/// An interactive page acting for the logged-in practitioner, with their side of the crypto boundary. When the
/// session behind the circuit ends (logout, suspension, restriction, password reset — on any node) the page's keys
/// are forgotten and the browser is sent to the login page: a circuit does not outlive the right to read.
/// </summary>
public abstract class PractitionerComponent : ComponentBase, IAsyncDisposable
{
    private ConsultationClient? _client;
    private Collab.Web.Discussions.DiscussionClient? _discussions;
    private IDisposable? _sessionWatch;
    private CultureInfo _culture = CultureInfo.CurrentCulture;
    private CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    [Inject]
    protected AuthenticationStateProvider Authentication { get; set; } = null!;

    [Inject]
    protected ConsultationClients Clients { get; set; } = null!;

    [Inject]
    protected Practitioners.PractitionerService Practitioners { get; set; } = null!;

    [Inject]
    protected LiveSessions Sessions { get; set; } = null!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = null!;

    protected override void OnInitialized()
    {
        _culture = CultureInfo.CurrentCulture;
        _uiCulture = CultureInfo.CurrentUICulture;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the circuit for a live event: events arrive on Orleans threads,
    /// so the user's culture (dates, language) is set again first.
    /// </summary>
    protected Task OnCircuitAsync(Func<Task> work) => InvokeAsync(() =>
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        return work();
    });

    /// <summary>
    /// After the first render (interactive, so the circuit's session is known): <see cref="OnFirstRenderAsync"/> with the
    /// practitioner's client, or <see cref="OnNoLogin"/> when nobody is logged in.
    /// </summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        if (await ClientAsync() is { } client)
        {
            await OnFirstRenderAsync(client);
        }
        else
        {
            OnNoLogin();
            StateHasChanged();
        }
    }

    /// <summary>The page's start, once, with the logged-in practitioner's client.</summary>
    protected virtual Task OnFirstRenderAsync(ConsultationClient client) => Task.CompletedTask;

    /// <summary>What the page shows when nobody is logged in.</summary>
    protected virtual void OnNoLogin()
    {
    }

    /// <summary>The practitioner's client, or null when nobody is logged in.</summary>
    protected async Task<ConsultationClient?> ClientAsync()
    {
        if (_client is not null)
        {
            return _client;
        }

        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        if (SessionCookies.PractitionerOf(user) is not { } id || SessionCookies.TicketOf(user) is not { } ticket)
        {
            return null;
        }

        _client = Clients.For(user, Caller.Practitioner(id, null, "blazor-circuit"));
        _sessionWatch = Sessions.Register(ticket, () => InvokeAsync(OnSessionEndedAsync));
        return _client;
    }

    /// <summary>The practitioner's client for discussions between colleagues, or null when nobody is logged in.</summary>
    protected async Task<Collab.Web.Discussions.DiscussionClient?> DiscussionsAsync()
    {
        if (_discussions is null && await ClientAsync() is { } client)
        {
            var user = (await Authentication.GetAuthenticationStateAsync()).User;
            _discussions = Clients.DiscussionsFor(user, client.Caller);
        }

        return _discussions;
    }

    /// <summary>The practitioner's secure mail client (it keeps no key between calls), or null when nobody is logged in.</summary>
    protected async Task<Collab.Web.Mailboxes.MailClient?> MailAsync()
    {
        if (await ClientAsync() is not { } client)
        {
            return null;
        }

        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        return Clients.MailFor(user, client.Caller);
    }

    /// <summary>The practitioner's knowledge base client (it keeps no key between calls), or null when nobody is logged in.</summary>
    protected async Task<Collab.Web.Knowledge.KnowledgeClient?> KnowledgeAsync()
    {
        if (await ClientAsync() is not { } client)
        {
            return null;
        }

        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        return Clients.KnowledgeFor(user, client.Caller);
    }

    /// <summary>
    /// The session ended, or the account lost the right to read (restricted): forget the keys, then reload from the
    /// home page, which sends to the login page or says why access is restricted.
    /// </summary>
    protected virtual Task OnSessionEndedAsync()
    {
        _client?.Forget();
        _discussions?.Forget();
        Navigation.NavigateTo("/", forceLoad: true);
        return Task.CompletedTask;
    }

    public virtual ValueTask DisposeAsync()
    {
        _sessionWatch?.Dispose();
        _client?.Forget();
        _discussions?.Forget();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Display names, remembered for the page's life.</summary>
    protected async Task<string> NameAsync(PractitionerId? id)
    {
        if (id is not { } practitioner)
        {
            return "";
        }

        if (!Names.TryGetValue(practitioner, out var name))
        {
            var found = await Practitioners.NamesAsync([practitioner]);
            name = Names[practitioner] = found[practitioner];
        }

        return name;
    }

    protected Dictionary<PractitionerId, string> Names { get; } = [];

    protected string NameOf(PractitionerId? id) => id is { } p ? Names.GetValueOrDefault(p, "…") : "";
}
