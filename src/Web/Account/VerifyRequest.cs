using Collab.Contracts.Practitioners;

namespace Collab.Web.Account;

public sealed record VerifyRequest(SecondFactor Factor, string? Code, bool RememberDevice = false, string? DeviceName = null);
