using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Collab.Testing;

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
