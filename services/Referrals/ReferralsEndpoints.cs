using BuildingBlocks.Auth;
using ReferralsService.Features.ReferrableServices;

namespace ReferralsService;

/// <summary>Every Referrals route in one place.</summary>
public static class ReferralsEndpoints
{
    public static IEndpointRouteBuilder MapReferralsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/referrals").WithTags("Referrals").RequireAuthorization();

        api.MapGet("/referrable-services/{serviceId:guid}", GetReferrableService.Endpoint);
        return endpoints;
    }
}
