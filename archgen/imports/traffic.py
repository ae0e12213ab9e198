"""Which way a link between two imported services points: the way traffic flows, for the pairs
whose references point against it, else the way the reference points.

An auto-scaling group names its load balancer (`LoadBalancerNames`) and an ECS service its
listener, but requests go from the balancer to them. Known client → server pairs:

- front ends by reach: DNS → CDN or accelerator → API gateway → load balancer → anything else
  (an ASG, instances, containers, functions, buckets…);
- event sources → what consumes them: a rule or bucket → a topic → a queue or stream → a
  function (or any other consumer). These are applied to links found through a resource that
  joins the two (a Lambda permission, an event source mapping, a subscription) and to a
  function's own `Events` (SAM); a function naming a queue elsewhere (its dead-letter queue,
  one it sends to) keeps the reference's direction, which is then the traffic's too.
"""

from __future__ import annotations

from archgen.imports.found import Resource

FRONT_RANKS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (4, ("aws.network.Route53",)),  # Route53, Route53HostedZone
    (3, ("aws.network.CloudFront", "aws.network.GlobalAccelerator")),
    (2, ("aws.network.APIGateway", "aws.integration.Appsync")),
    (1, ("aws.network.ElasticLoadBalancing", "aws.network.Elb")),
)
EVENT_RANKS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        3,
        (
            "aws.integration.EventbridgeRule",
            "aws.integration.EventbridgeScheduler",
            "aws.iot.IotRule",
            "aws.storage.SimpleStorageServiceS3",
            "aws.database.Dynamodb",
        ),
    ),
    (2, ("aws.integration.SimpleNotificationService",)),
    (
        1,
        (
            "aws.integration.SimpleQueueService",
            "aws.analytics.Kinesis",
            "aws.analytics.ManagedStreamingForKafka",
            "aws.integration.MQ",
        ),
    ),
)
EVENT_PROPERTIES = frozenset({"Events"})  # a SAM function's event sources


def _rank(resource: Resource, ranks: tuple[tuple[int, tuple[str, ...]], ...]) -> int:
    icon = resource.info.icon
    return next((rank for rank, prefixes in ranks if icon.startswith(prefixes)), 0)


def serves(client: Resource, server: Resource, *, events: bool) -> bool:
    """Whether traffic flows from `client` to `server` by a known pair (events: also by the
    event-source order)."""
    if _rank(client, FRONT_RANKS) > _rank(server, FRONT_RANKS):
        return True
    return events and _rank(client, EVENT_RANKS) > _rank(server, EVENT_RANKS)


def direct(referrer: Resource, referenced: Resource, where: str) -> tuple[Resource, Resource]:
    """(from, to) of a link made by `referrer` naming `referenced` (in its property `where`)."""
    if serves(referenced, referrer, events=where in EVENT_PROPERTIES) and not serves(
        referrer, referenced, events=False
    ):
        return referenced, referrer
    return referrer, referenced


def joined(first: Resource, second: Resource) -> tuple[Resource, Resource]:
    """(from, to) of two services a plumbing resource joins (in the order it names them)."""
    if serves(second, first, events=True) and not serves(first, second, events=True):
        return second, first
    return first, second
