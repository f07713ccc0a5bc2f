namespace Collab.Web.Account;

public sealed record AcceptTermsRequest(int Version);
