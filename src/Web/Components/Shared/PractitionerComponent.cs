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

    [Inject]
    protected AuthenticationStateProvider Authentication { get; set; } = null!;

    [Inject]
    protected ConsultationClients Clients { get; set; } = null!;

    [Inject]
    protected IGrainFactory Grains { get; set; } = null!;

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
