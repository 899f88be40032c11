using FeedbackService.Features.Activities;

namespace FeedbackService;

/// <summary>Every Feedback route in one place.</summary>
public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/feedback").WithTags("Feedback");

        api.MapGet("/activities/{serviceId:guid}", GetActivity.Endpoint);
        return endpoints;
    }
}
