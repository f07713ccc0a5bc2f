using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;

namespace Collab.Testing;

/// <summary>A logged-in user as a program sees it: an HTTP client and the cookies it holds, from which hub connections start.</summary>
public sealed record TestSession(TestAccount Account, HttpClient Http, CookieContainer Cookies)
{
    /// <summary>A connection to <c>/hubs/collab</c> with this session's cookies (not started).</summary>
    public HubConnection Hub(CollabWebFactory factory) => new HubConnectionBuilder()
        .WithUrl(new Uri(factory.Server.BaseAddress, Collab.Web.Live.ConsultationHub.Path), o =>
        {
            o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
            o.HttpMessageHandlerFactory = _ => new CookieContainerHandler(Cookies) { InnerHandler = factory.Server.CreateHandler() };
        })
        .Build();
}

public static class TestSessions
{
    /// <summary>A new client with its own cookie jar.</summary>
    public static (HttpClient Http, CookieContainer Cookies) Client(CollabWebFactory factory)
    {
        var cookies = new CookieContainer();
        return (factory.CreateDefaultClient(new CookieContainerHandler(cookies)), cookies);
    }

    /// <summary>A new active account, logged in on a new client.</summary>
    public static async Task<TestSession> ActiveAsync(CollabWebFactory factory, string lastName, Guid? structure = null)
    {
        var (http, cookies) = Client(factory);
        return new TestSession(await TestAccounts.ActiveAsync(factory, http, structure, lastName), http, cookies);
    }

    /// <summary>Another login of the same account, on a new client (another browser).</summary>
    public static async Task<TestSession> AgainAsync(CollabWebFactory factory, TestAccount account)
    {
        var (http, cookies) = Client(factory);
        await TestAccounts.LoginAsync(factory, http, account);
        return new TestSession(account, http, cookies);
    }
}
