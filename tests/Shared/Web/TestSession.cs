using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;

namespace Collab.Testing;

/// <summary>A logged-in user as a program sees it: an HTTP client and the cookies it holds, from which hub connections start.</summary>
public sealed record TestSession(TestAccount Account, HttpClient Http, CookieContainer Cookies)
{
    /// <summary>A connection to <see cref="Collab.Web.Live.ConsultationHub"/> with this session's cookies (not started).</summary>
    public HubConnection Hub(CollabWebFactory factory) => new HubConnectionBuilder()
        .WithUrl(new Uri(factory.Server.BaseAddress, Collab.Web.Live.ConsultationHub.Path), o =>
        {
            o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
            o.HttpMessageHandlerFactory = _ => new CookieContainerHandler(Cookies) { InnerHandler = factory.Server.CreateHandler() };
        })
        .Build();
}
