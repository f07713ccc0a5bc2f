using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Collab.Testing;

/// <summary>
/// An OpenID provider on a loopback port (OpenIddict's server) shaped like Pro Santé Connect: its issuer ends in
/// <c>/auth/realms/esante-wallet</c>, its discovery document sits at <c>.well-known/wallet-openid-configuration</c>,
/// it demands PKCE and the client secret, it proves the level the test sets in <c>acr</c>, and its userinfo answer
/// carries <c>SubjectNameID</c> and <c>SubjectRefPro</c> — as JSON, or as a signed JWT (<c>application/jwt</c>).
/// </summary>
public sealed class TestPscProvider : IAsyncDisposable
{
    public const string ClientId = "collab-tests";
    private const string Realm = "/auth/realms/esante-wallet";
    private readonly WebApplication _app;
    private readonly RSA _userInfoKey = RSA.Create(2048);

    private TestPscProvider(WebApplication app, string issuer, string secretFile)
    {
        _app = app;
        Issuer = issuer;
        SecretFile = secretFile;
    }

    /// <summary>The issuer, as <c>Psc:Authority</c> takes it.</summary>
    public string Issuer { get; }

    /// <summary>A file holding the client secret, as <c>Psc:ClientSecretFile</c> takes it.</summary>
    public string SecretFile { get; }

    public string ClientSecret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// <summary>The professional the next login proves.</summary>
    public PscUser User { get; set; } = PscUser.Physician("81234567890", "MARTIN", "CLAIRE");

    /// <summary>The level the provider says it proved (PSC proves eidas1).</summary>
    public string Acr { get; set; } = "eidas1";

    /// <summary>Whether userinfo answers as a signed JWT instead of JSON.</summary>
    public bool UserInfoAsJwt { get; set; }

    /// <summary>The <c>acr_values</c> of the last authorization request.</summary>
    public string? RequestedAcr { get; private set; }

    /// <summary>Token requests that presented the right client secret.</summary>
    public int AuthenticatedTokenRequests { get; private set; }

    /// <summary>The settings that point Collab at this provider.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Psc:Authority"] = Issuer,
        ["Psc:ClientId"] = ClientId,
        ["Psc:ClientSecretFile"] = SecretFile,
        ["Psc:RequireHttpsMetadata"] = "false",
    };

    public static async Task<TestPscProvider> StartAsync()
    {
        var port = FreePorts.Next();
        var issuer = $"http://localhost:{port}{Realm}";
        var secretFile = Path.Combine(Path.GetTempPath(), $"collab-psc-{Guid.NewGuid():N}.secret");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        builder.Logging.ClearProviders();
        TestPscProvider? provider = null;
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetIssuer(new Uri(issuer));
            o.SetAuthorizationEndpointUris(new Uri($"{issuer}/protocol/openid-connect/auth"))
                .SetTokenEndpointUris(new Uri($"{issuer}/protocol/openid-connect/token"))
                .SetUserInfoEndpointUris(new Uri($"{issuer}/protocol/openid-connect/userinfo"))
                .SetJsonWebKeySetEndpointUris(new Uri($"{issuer}/protocol/openid-connect/certs"))
                .SetConfigurationEndpointUris(new Uri($"{issuer}/.well-known/wallet-openid-configuration"));
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.RegisterScopes(Scopes.OpenId, "scope_all");
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
            o.EnableDegradedMode(); // no stores: the handlers below check the one client
            o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableUserInfoEndpointPassthrough().DisableTransportSecurityRequirement();
            o.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                provider!.RequestedAcr = context.Request.AcrValues;
                if (context.ClientId != ClientId || context.RedirectUri is not { } redirect || !redirect.StartsWith("http://localhost", StringComparison.Ordinal))
                {
                    context.Reject(Errors.InvalidClient, "Unknown client or redirect address.");
                }

                return default;
            }));
            o.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != provider!.ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "The client secret is wrong.");
                    return default;
                }

                provider.AuthenticatedTokenRequests++;
                return default;
            }));
        });
        var app = builder.Build();
        provider = new TestPscProvider(app, issuer, secretFile);
        await File.WriteAllTextAsync(secretFile, provider.ClientSecret);
        app.MapMethods($"{Realm}/protocol/openid-connect/auth", ["GET", "POST"], (Delegate)provider.Authorize);
        app.MapMethods($"{Realm}/protocol/openid-connect/userinfo", ["GET", "POST"], (Delegate)provider.UserInfoAsync);
        await app.StartAsync();

        // Its first answer costs seconds of CPU (OpenIddict builds its keys and handlers): 3–5 s here, and over the 30 s a
        // test gives a click on a busy CI machine once. Paid now, as a real provider has long paid it.
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        await http.GetStringAsync($"{issuer}/.well-known/wallet-openid-configuration");
        return provider;
    }

    // The card was read and its PIN typed: the provider signs the professional in, no questions asked.
    private IResult Authorize(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest()!;
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, User.Subject);
        identity.SetClaim("acr", Acr);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private async Task<IResult> UserInfoAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (result.Principal?.GetClaim(Claims.Subject) is not { } subject)
        {
            return Results.Challenge(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["SubjectNameID"] = User.NationalId,
            ["preferred_username"] = User.NationalId,
            ["given_name"] = User.FirstName,
            ["family_name"] = User.LastName,
            ["SubjectRefPro"] = JsonDocument.Parse(User.RefPro).RootElement,
        };
        if (!UserInfoAsJwt)
        {
            return Results.Json(claims);
        }

        var jwt = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_userInfoKey), SecurityAlgorithms.RsaSha256),
        });
        return Results.Text(jwt, "application/jwt");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _userInfoKey.Dispose();
        File.Delete(SecretFile);
    }
}

/// <summary>A professional as Pro Santé Connect describes them: IdNat_PS, names in capitals, SubjectRefPro's JSON.</summary>
public sealed record PscUser(string Subject, string NationalId, string LastName, string FirstName, string RefPro)
{
    /// <summary>A physician (profession code 10) practising at one hospital site, with RPPS <paramref name="rpps"/>.</summary>
    public static PscUser Physician(string rpps, string lastName, string firstName) => new(
        $"f:550dc1c8-d97b-4b1e-ac8c-8eb4471cf9dd:ANS-{rpps}", "8" + rpps, lastName, firstName,
        JsonSerializer.Serialize(new
        {
            codeCivilite = "M",
            exercices = new[]
            {
                new
                {
                    codeProfession = "10",
                    codeCategorieProfessionnelle = "C",
                    codeCiviliteDexercice = "DR",
                    nomDexercice = lastName,
                    prenomDexercice = firstName,
                    codeTypeSavoirFaire = "S",
                    codeSavoirFaire = "SM26",
                    activities = new[]
                    {
                        new { codeModeExercice = "S", codeSecteurDActivite = "SA01", numeroFinessSite = "690781810", raisonSocialeSite = "CENTRE HOSPITALIER DEMO", codeGenreActivite = "GENR01" },
                    },
                },
            },
        }));
}
