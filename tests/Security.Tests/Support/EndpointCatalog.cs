using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Security.Tests.Support;

/// <summary>What a request to an endpoint can carry, as its handler declares it.</summary>
public enum ParameterSource { Route, Query, Body }

public sealed record EndpointParameter(string Name, Type Type, ParameterSource Source);

/// <summary>One route and method the app really serves, e.g. "POST /api/referrals/{id:guid}/accept".</summary>
public sealed record ApiEndpoint(string Method, string Route, IReadOnlyList<EndpointParameter> Parameters)
{
    public string Key => $"{Method} {Route}";
    public IEnumerable<EndpointParameter> In(ParameterSource source) => Parameters.Where(p => p.Source == source);
    public override string ToString() => Key;
}

/// <summary>
/// Every endpoint of a running app, read from its EndpointDataSource (not from a list kept by hand), so a new route
/// shows up here and must be given a row in the matrix. Parameters come from the handler's signature: route values by
/// name, [AsParameters] records expanded, simple types from the query, anything else from a JSON body.
/// </summary>
public static class EndpointCatalog
{
    public static IReadOnlyList<ApiEndpoint> Of(IServiceProvider services)
    {
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        var endpoints = new List<ApiEndpoint>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = endpoint.RoutePattern.RawText ?? throw new InvalidOperationException($"No route text: {endpoint.DisplayName}");
            // Health checks answer any method; GET is the one anybody uses.
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var parameters = endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault() is { } handler
                ? Parameters(handler, endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase), isService)
                : [];
            endpoints.AddRange(methods.Select(method => new ApiEndpoint(method, route, parameters)));
        }
        return endpoints.OrderBy(e => e.Route, StringComparer.Ordinal).ThenBy(e => e.Method).ToList();
    }

    private static List<EndpointParameter> Parameters(MethodInfo handler, HashSet<string> routeNames, IServiceProviderIsService isService)
    {
        var found = new List<EndpointParameter>();
        foreach (var parameter in handler.GetParameters())
        {
            var type = parameter.ParameterType;
            if (type == typeof(CancellationToken) || type == typeof(HttpContext) || type == typeof(HttpRequest) || isService.IsService(type))
                continue;
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var member in type.GetConstructors().Single().GetParameters())
                    found.Add(Simple(member.GetCustomAttribute<FromQueryAttribute>()?.Name ?? member.Name!, member.ParameterType, routeNames));
                continue;
            }
            if (routeNames.Contains(parameter.Name!) || IsSimple(type))
                found.Add(Simple(parameter.Name!, type, routeNames));
            else
                found.Add(new EndpointParameter(parameter.Name!, type, ParameterSource.Body));
        }
        return found;
    }

    private static EndpointParameter Simple(string name, Type type, HashSet<string> routeNames) =>
        new(name, type, routeNames.Contains(name) ? ParameterSource.Route : ParameterSource.Query);

    public static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsArray) return IsSimple(t.GetElementType()!);
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(Guid) || t == typeof(decimal) || t == typeof(DateOnly)
               || t == typeof(TimeOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset);
    }
}
