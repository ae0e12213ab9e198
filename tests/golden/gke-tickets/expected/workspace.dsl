workspace "Gig Tickets on GKE" "A students' union ticket shop that stays up when a big gig goes on sale" {

  model {
    properties {
      "structurizr.groupSeparator" "/"
    }
    buyers = person "Ticket buyers" "Students and members of the public open the shop in a phone or laptop browser, look through upcoming events, pick their seats and pay."
    archgen__system = softwareSystem "Gig Tickets on GKE" {
      stripe = container "Stripe (payments)" "Takes the card payment. The buyer enters card details in Stripe's form in the browser, and the tickets API confirms the payment through Stripe's API before it sells the seats." "saas.payment.Stripe"
      group "Google Cloud project: gig-tickets-prod" {
        group "Global edge" {
          load-balancer = container "Cloud Load Balancing" "A global external HTTPS load balancer with one anycast IP address. It ends TLS with a Google-managed certificate and sends `/api/*` to the tickets API and every other path to the storefront, straight to the pods through container-native network endpoint groups." "gcp.network.LoadBalancing"
          cloud-armor = container "Cloud Armor" "A security policy on the load balancer that filters requests before they reach the cluster: Google's preconfigured rules against SQL injection and cross-site scripting, and a rate limit per IP address on the checkout path." "gcp.network.Armor"
        }
        group "europe-west2 (London)" {
          group "VPC network: tickets-vpc" {
            group "Private subnet: gke-london" {
              group "GKE Autopilot cluster: tickets" {
                group "Namespace: shop" {
                  storefront = container "Storefront (Deployment)" "Serves the shop's web pages: the list of events, each event's page and its seat map. It asks the tickets API for the data and renders the HTML on the server." "k8s.compute.Deploy"
                  tickets-api = container "Tickets API (Deployment)" "The shop's business logic: it lists events, holds seats, takes the payment with Stripe and records the order. It is the only workload that writes to the database." "k8s.compute.Deploy"
                }
                group "Namespace: workers" {
                  ticket-worker = container "Ticket worker (Deployment)" "Pulls paid orders from Pub/Sub, makes each buyer's PDF ticket with a QR code per seat, stores it in Cloud Storage and e-mails the buyer a link to it." "k8s.compute.Deploy"
                  worker-hpa = container "Worker autoscaler (HPA)" "A HorizontalPodAutoscaler that sets how many ticket workers run from the number of undelivered messages in the Pub/Sub subscription, read from Cloud Monitoring as an external metric." "k8s.clusterconfig.HPA"
                }
              }
            }
          }
          group "Managed data (private IP)" {
            memorystore = container "Memorystore (Redis)" "Keeps the event list and each event's seat map in memory for five seconds at a time, so the most repeated reads never reach Cloud SQL." "gcp.database.Memorystore"
            cloud-sql = container "Cloud SQL (PostgreSQL)" "Stores events, seats, orders and buyers. It is the single source of truth for which seats are sold." "gcp.database.SQL"
          }
        }
        group "Managed services" {
          pubsub = container "Pub/Sub (paid orders)" "Carries one message for each paid order from the tickets API to the ticket workers, on the topic `orders-paid` with one pull subscription." "gcp.analytics.Pubsub"
          storage = container "Cloud Storage (tickets)" "Keeps the PDF tickets. Each buyer downloads theirs through a signed URL in the e-mail, which expires after seven days." "gcp.storage.Storage"
          secret-manager = container "Secret Manager" "Stores the Stripe API key and the e-mail provider's key. The tickets API and the worker each read their own key when they start." "gcp.security.SecretManager"
          monitoring = container "Cloud Monitoring" "Collects metrics from the load balancer, the cluster, Cloud SQL and Pub/Sub, shows them on a dashboard for sale days and raises alerts. It also serves the Pub/Sub backlog to the worker autoscaler." "gcp.operations.Monitoring"
        }
      }
    }
    deploymentEnvironment "Architecture" {
      node__gcp-project = deploymentNode "Google Cloud project: gig-tickets-prod" "" "account" {
        node__edge = deploymentNode "Global edge" "" "tier" {
          containerInstance load-balancer
          containerInstance cloud-armor
        }
        node__region = deploymentNode "europe-west2 (London)" "" "region" {
          node__vpc = deploymentNode "VPC network: tickets-vpc" "" "vpc" {
            node__subnet = deploymentNode "Private subnet: gke-london" "" "private-subnet" {
              node__cluster = deploymentNode "GKE Autopilot cluster: tickets" "" "tier" {
                node__ns-shop = deploymentNode "Namespace: shop" "" "tier" {
                  containerInstance storefront
                  containerInstance tickets-api
                }
                node__ns-workers = deploymentNode "Namespace: workers" "" "tier" {
                  containerInstance ticket-worker
                  containerInstance worker-hpa
                }
              }
            }
          }
          node__managed-data = deploymentNode "Managed data (private IP)" "" "tier" {
            containerInstance memorystore
            containerInstance cloud-sql
          }
        }
        node__managed-services = deploymentNode "Managed services" "" "tier" {
          containerInstance pubsub
          containerInstance storage
          containerInstance secret-manager
          containerInstance monitoring
        }
      }
    }
    buyers -> load-balancer "GET /events"
    load-balancer -> storefront "route /"
    storefront -> tickets-api "list events"
    tickets-api -> memorystore "read seat map"
    tickets-api -> cloud-sql "query on miss"
    buyers -> load-balancer "POST /api/orders"
    load-balancer -> tickets-api "route /api"
    tickets-api -> cloud-sql "hold seats"
    tickets-api -> stripe "charge card"
    tickets-api -> pubsub "publish order"
    ticket-worker -> pubsub "pull order"
    ticket-worker -> storage "save PDF ticket"
    pubsub -> monitoring "report backlog"
    worker-hpa -> monitoring "read backlog"
    worker-hpa -> ticket-worker "set replicas"
    cloud-armor -> load-balancer "filters requests"
    tickets-api -> secret-manager "reads Stripe key"
    ticket-worker -> secret-manager "reads e-mail key"
  }

  views {
    container archgen__system "containers" "Gig Tickets on GKE" {
      include *
      autoLayout tb
    }
    dynamic archgen__system "flow-browse-events" "Browse events and seats" {
      1: buyers -> load-balancer "GET /events"
      2: load-balancer -> storefront "route /"
      3: storefront -> tickets-api "list events"
      4: tickets-api -> memorystore "read seat map"
      5: tickets-api -> cloud-sql "query on miss"
      autoLayout tb
    }
    dynamic archgen__system "flow-buy-ticket" "Buy a ticket" {
      6: buyers -> load-balancer "POST /api/orders"
      7: load-balancer -> tickets-api "route /api"
      8: tickets-api -> cloud-sql "hold seats"
      9: tickets-api -> stripe "charge card"
      10: tickets-api -> pubsub "publish order"
      11: ticket-worker -> pubsub "pull order"
      12: ticket-worker -> storage "save PDF ticket"
      autoLayout tb
    }
    dynamic archgen__system "flow-scale-out" "Scale out for an on-sale" {
      13: pubsub -> monitoring "report backlog"
      14: worker-hpa -> monitoring "read backlog"
      15: worker-hpa -> ticket-worker "set replicas"
      autoLayout tb
    }
    deployment archgen__system "Architecture" "deployment" {
      include *
      autoLayout tb
    }
    styles {
      element "Container" {
        background #ffffff
        color #232f3e
        stroke #232f3e
      }
      element "Person" {
        shape Person
      }
    }
  }
}
