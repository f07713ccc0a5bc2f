using Collab.Contracts.Practitioners;

namespace Collab.Web.Account;

public sealed record SendCodeRequest(SecondFactor Channel);
