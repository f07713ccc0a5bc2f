using System.Security.Claims;
using System.Text.Json;
using Collab.Contracts.Practitioners;
using Collab.Silo.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Collab.Web.Account;

/// <summary>
/// Pro Santé Connect as a login method (docs/security.md, "Pro Santé Connect"): authorization code with PKCE at the
/// <c>eidas1</c> level, the client secret at the token endpoint, the identity read from the userinfo answer (JSON or a
/// signed JWT). What the provider proves is kept for 10 minutes in its own cookie (<see cref="Scheme"/>), until the
/// holder gives their password — which alone opens their keys — on <c>/login/psc</c>.
/// </summary>
public static class ProSanteConnect
{
    /// <summary>The short-lived cookie holding what the provider proved, between its answer and the password.</summary>
    public const string Scheme = "psc.external";

    /// <summary>The OpenID Connect handler's scheme.</summary>
    public const string Challenge = "psc";

    public const string CookieName = "collab.psc";
    public const string CallbackPath = "/signin-psc";

    public static AuthenticationBuilder AddProSanteConnect(this AuthenticationBuilder builder, PscSettings? settings, IHostEnvironment environment)
    {
        if (settings is null)
        {
            return builder;
        }

        builder.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax; // set on the provider's redirect back (a top-level navigation)
            o.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(10);
            o.SlidingExpiration = false;
        });
        return builder.AddOpenIdConnect(Challenge, "Pro Santé Connect", o =>
        {
            o.SignInScheme = Scheme;
            o.Authority = settings.Authority.AbsoluteUri.TrimEnd('/');
            o.MetadataAddress = settings.MetadataAddress.AbsoluteUri;
            o.RequireHttpsMetadata = settings.RequireHttps;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = OpenIdConnectResponseMode.Query; // a GET back: Lax cookies come with it, no cross-site POST
            o.UsePkce = true;
            o.Scope.Clear();
            foreach (var scope in settings.Scopes)
            {
                o.Scope.Add(scope);
            }

            o.CallbackPath = CallbackPath;
            o.GetClaimsFromUserInfoEndpoint = true;
            o.SaveTokens = false;
            o.MapInboundClaims = false;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = o.NonceCookie.SecurePolicy =
                environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.ClaimActions.MapUniqueJsonKey(NationalIdClaim, NationalIdClaim);
            o.ClaimActions.MapUniqueJsonKey("given_name", "given_name");
            o.ClaimActions.MapUniqueJsonKey("family_name", "family_name");
            o.ClaimActions.MapUniqueJsonKey(ProfessionalClaim, ProfessionalClaim); // an object: kept as its JSON text
            o.Events.OnRedirectToIdentityProvider = context =>
            {
                context.ProtocolMessage.AcrValues = settings.Acr;
                return Task.CompletedTask;
            };
            o.Events.OnTokenValidated = context =>
            {
                // The level asked for is the level proved, or nothing is.
                if (context.Principal?.FindFirst("acr")?.Value != settings.Acr)
                {
                    context.Fail($"Pro Santé Connect did not prove the {settings.Acr} level.");
                }

                return Task.CompletedTask;
            };
            o.Events.OnTicketReceived = context =>
            {
                context.ReturnUri = "/login/psc";
                return Task.CompletedTask;
            };
            o.Events.OnRemoteFailure = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILogger<PscIdentity>>()
                    .LogWarning("Pro Santé Connect login failed: {Reason}", context.Failure?.Message);
                context.Response.Redirect("/login?psc=failed");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    /// <summary>The national identifier (IdNat_PS: "8" + RPPS, "0" + ADELI).</summary>
    public const string NationalIdClaim = "SubjectNameID";

    /// <summary>Professions and places of practice (<c>exercices[]</c> with their <c>activities[]</c>).</summary>
    public const string ProfessionalClaim = "SubjectRefPro";

    /// <summary><c>/login/psc/start</c>: off to the provider (a browser's link on the login page; not part of the API).</summary>
    public static IEndpointRouteBuilder MapProSanteConnect(this IEndpointRouteBuilder endpoints, PscSettings? settings)
    {
        if (settings is not null)
        {
            endpoints.MapGet("/login/psc/start", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/login/psc" }, [Challenge]))
                .ExcludeFromDescription();
        }

        return endpoints;
    }
}

/// <summary>Who Pro Santé Connect proved: the national identifier, the names, the profession and the places of practice.</summary>
public sealed record PscIdentity(string NationalId, ProfessionalIdentifier Identifier, string LastName, string FirstName, Profession? Profession, IReadOnlyList<string> Places)
{
    // The codes of the RPPS nomenclature (TRE_G15-ProfessionSante) that have an account kind here.
    private static readonly Dictionary<string, Profession> Professions = new()
    {
        ["10"] = Contracts.Practitioners.Profession.Physician,
        ["21"] = Contracts.Practitioners.Profession.Pharmacist,
        ["40"] = Contracts.Practitioners.Profession.Dentist,
        ["50"] = Contracts.Practitioners.Profession.Midwife,
        ["60"] = Contracts.Practitioners.Profession.Nurse,
        ["70"] = Contracts.Practitioners.Profession.Physiotherapist,
    };

    /// <summary>The identity in the provider's cookie, or null when there is none (expired, or never set).</summary>
    public static async Task<PscIdentity?> OfAsync(HttpContext http)
    {
        if (http.RequestServices.GetService<IAuthenticationSchemeProvider>() is not { } schemes || await schemes.GetSchemeAsync(ProSanteConnect.Scheme) is null)
        {
            return null;
        }

        var result = await http.AuthenticateAsync(ProSanteConnect.Scheme);
        return result.Succeeded ? From(result.Principal) : null;
    }

    /// <summary>Reads the provider's claims; null when the national identifier is not an RPPS or ADELI one.</summary>
    public static PscIdentity? From(ClaimsPrincipal principal)
    {
        var nationalId = principal.FindFirst(ProSanteConnect.NationalIdClaim)?.Value;
        if (NationalIdentifier.Parse(nationalId) is not { } identifier)
        {
            return null;
        }

        string? lastName = principal.FindFirst("family_name")?.Value, firstName = principal.FindFirst("given_name")?.Value;
        Profession? profession = null;
        var places = new List<string>();
        if (principal.FindFirst(ProSanteConnect.ProfessionalClaim)?.Value is { } json)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                if (document.RootElement.TryGetProperty("exercices", out var exercices) && exercices.ValueKind == JsonValueKind.Array)
                {
                    foreach (var exercice in exercices.EnumerateArray())
                    {
                        profession ??= Text(exercice, "codeProfession") is { } code && Professions.TryGetValue(code, out var p) ? p : null;
                        lastName ??= Text(exercice, "nomDexercice");
                        firstName ??= Text(exercice, "prenomDexercice");
                        if (exercice.TryGetProperty("activities", out var activities) && activities.ValueKind == JsonValueKind.Array)
                        {
                            places.AddRange(activities.EnumerateArray().Select(a => Text(a, "raisonSocialeSite")).OfType<string>());
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // No professional details: the names and the identifier are enough to go on.
            }
        }

        return new PscIdentity(nationalId!, identifier, Title(lastName), Title(firstName), profession, places.Distinct().Take(5).ToList());

        static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString()!.Trim() : null;

        // The RPPS writes names in capitals; people write them with one.
        static string Title(string? name) => string.IsNullOrWhiteSpace(name) ? ""
            : System.Globalization.CultureInfo.GetCultureInfo("fr-FR").TextInfo.ToTitleCase(name.Trim().ToLowerInvariant());
    }
}
