using System.Globalization;
using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Collab.Web.Account;
using Collab.Web.Consultations;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Collab.Web.Components.Shared;

/// <summary>An interactive page acting for the logged-in practitioner, with their side of the crypto boundary.</summary>
public abstract class PractitionerComponent : ComponentBase
{
    private ConsultationClient? _client;
    private CultureInfo _culture = CultureInfo.CurrentCulture;
    private CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    [Inject]
    protected AuthenticationStateProvider Authentication { get; set; } = null!;

    [Inject]
    protected ConsultationClients Clients { get; set; } = null!;

    [Inject]
    protected IGrainFactory Grains { get; set; } = null!;

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

    /// <summary>The practitioner's client, or null when nobody is logged in.</summary>
    protected async Task<ConsultationClient?> ClientAsync()
    {
        if (_client is not null)
        {
            return _client;
        }

        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        return SessionCookies.PractitionerOf(user) is { } id
            ? _client = Clients.For(user, Caller.Practitioner(id, null, "blazor-circuit"))
            : null;
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
            var client = await ClientAsync();
            var found = await ConsultationEndpoints.NamesAsync(Grains, client?.Caller ?? Caller.System("names"), [practitioner]);
            name = Names[practitioner] = found[practitioner];
        }

        return name;
    }

    protected Dictionary<PractitionerId, string> Names { get; } = [];

    protected string NameOf(PractitionerId? id) => id is { } p ? Names.GetValueOrDefault(p, "…") : "";
}
