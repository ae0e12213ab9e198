workspace "3D Commerce on AWS" "An online store that shows every product as an interactive 3D model" {

  model {
    properties {
      "structurizr.groupSeparator" "/"
    }
    users = person "Shoppers" "Shoppers use a web browser on a phone, tablet or computer to browse the catalogue, turn and zoom the 3D models, and place orders."
    archgen__system = softwareSystem "3D Commerce on AWS" {
      group "AWS Cloud" {
        group "Frontend" {
          route53 = container "Route 53" "Hosts the store's DNS zone and answers lookups for its domain, pointing shoppers at the CloudFront distribution with an alias record." "aws.network.Route53"
          cloudfront = container "CloudFront" "The single HTTPS entry point for shoppers. It caches the web app and the 3D model files at edge locations around the world and routes API paths (`/api/*`) to App Runner." "aws.network.CloudFront"
          amplify = container "Amplify Hosting" "Builds and hosts the single-page web app that shows the 3D viewer, deploying each new version from the code repository automatically." "aws.mobile.Amplify"
        }
        group "Backend" {
          app-runner = container "App Runner" "Runs the store's API as a container: the catalogue, cart and checkout endpoints that the web app calls. It reads the catalogue from ElastiCache and DynamoDB, writes orders to RDS and places them on the order queue." "aws.compute.AppRunner"
          lambda = container "Lambda (3D asset processing)" "Runs whenever a new 3D model is uploaded to S3: it compresses the model into an optimised glTF/GLB file, generates lower-detail versions for mobile and renders thumbnail images, then stores the results back in S3." "aws.compute.Lambda"
        }
        group "Storage" {
          s3 = container "S3 (3D assets)" "Stores the original and optimised 3D models, their textures and thumbnails, and other static files. CloudFront fetches from it on a cache miss." "aws.storage.SimpleStorageServiceS3"
        }
        group "Databases" {
          dynamodb = container "DynamoDB (catalogue)" "Holds the product catalogue: names, prices, descriptions, stock levels and the S3 keys of each product's 3D model and thumbnails." "aws.database.Dynamodb"
          rds = container "RDS PostgreSQL (orders, users)" "Stores customer accounts, carts and orders, where every checkout must be recorded completely or not at all." "aws.database.RDSPostgresqlInstance"
        }
        group "Performance" {
          elasticache = container "ElastiCache (Redis)" "Keeps the most requested catalogue data, such as product pages, category listings and search results, in memory, so the API rarely has to ask DynamoDB." "aws.database.ElasticacheForRedis"
          sqs = container "SQS (order queue)" "Holds order events between the API and the order workers, with a dead-letter queue for messages that keep failing." "aws.integration.SimpleQueueServiceSqs"
          order-workers = container "Lambda (order workers)" "Take order messages from the queue and carry out the follow-up work: confirm payment, update stock, send the confirmation e-mail and record the order status in RDS." "aws.compute.LambdaFunction"
        }
        group "Security" {
          waf = container "WAF" "Inspects every request reaching CloudFront and blocks common web exploits (SQL injection, cross-site scripting), known bad IP addresses, bots and abusive request rates." "aws.security.WAF"
          shield = container "Shield" "Protects CloudFront and Route 53 against distributed denial-of-service (DDoS) attacks at the network and transport layers." "aws.security.Shield"
          kms = container "KMS" "Manages the encryption keys that protect data at rest in S3, DynamoDB, RDS, SQS and Secrets Manager." "aws.security.KeyManagementService"
          secrets-manager = container "Secrets Manager" "Stores the database credentials and third-party API keys (such as the payment provider's) and hands them to the API and the order workers at run time." "aws.security.SecretsManager"
        }
        group "Monitoring" {
          cloudwatch = container "CloudWatch" "Collects metrics and logs from App Runner, both Lambda functions, the queue and the databases, shows them on a dashboard and raises alarms when something goes wrong." "aws.management.Cloudwatch"
          cost-explorer = container "Cost Explorer" "Breaks down the AWS bill by service and by tag, shows trends and forecasts next month's spend." "aws.cost.CostExplorer"
        }
      }
    }
    deploymentEnvironment "Architecture" {
      node__aws-cloud = deploymentNode "AWS Cloud" "" "aws-cloud" {
        node__frontend = deploymentNode "Frontend" "" "tier" {
          containerInstance route53
          containerInstance cloudfront
          containerInstance amplify
        }
        node__backend = deploymentNode "Backend" "" "tier" {
          containerInstance app-runner
          containerInstance lambda
        }
        node__storage = deploymentNode "Storage" "" "tier" {
          containerInstance s3
        }
        node__databases = deploymentNode "Databases" "" "tier" {
          containerInstance dynamodb
          containerInstance rds
        }
        node__performance = deploymentNode "Performance" "" "tier" {
          containerInstance elasticache
          containerInstance sqs
          containerInstance order-workers
        }
        node__security = deploymentNode "Security" "" "tier" {
          containerInstance waf
          containerInstance shield
          containerInstance kms
          containerInstance secrets-manager
        }
        node__monitoring = deploymentNode "Monitoring" "" "tier" {
          containerInstance cloudwatch
          containerInstance cost-explorer
        }
      }
    }
    users -> route53 "resolve domain"
    users -> cloudfront "HTTPS request"
    cloudfront -> amplify "load web app"
    cloudfront -> app-runner "GET /api/catalogue"
    app-runner -> elasticache "read cache"
    app-runner -> dynamodb "read on miss"
    s3 -> lambda "model uploaded"
    lambda -> s3 "store optimised"
    users -> cloudfront "request model"
    cloudfront -> s3 "fetch on miss"
    users -> cloudfront "submit checkout"
    cloudfront -> app-runner "POST /api/orders"
    app-runner -> rds "write order"
    app-runner -> sqs "enqueue order"
    sqs -> order-workers "deliver message"
    order-workers -> rds "update status"
    waf -> cloudfront "filters requests"
    shield -> cloudfront "DDoS protection"
    shield -> route53 "DDoS protection"
    kms -> s3 "encrypts"
    kms -> dynamodb "encrypts"
    kms -> rds "encrypts"
    kms -> sqs "encrypts"
    secrets-manager -> app-runner "DB credentials"
    secrets-manager -> order-workers "DB credentials"
    cloudwatch -> app-runner "monitors"
    cloudwatch -> lambda "monitors"
    cloudwatch -> order-workers "monitors"
    cloudwatch -> sqs "queue depth"
    cloudwatch -> rds "monitors"
    cost-explorer -> cloudfront "tracks spend"
    cost-explorer -> rds "tracks spend"
  }

  views {
    container archgen__system "containers" "3D Commerce on AWS" {
      include *
      autoLayout lr
    }
    dynamic archgen__system "flow-browse-catalog" "Browse the 3D catalogue" {
      1: users -> route53 "resolve domain"
      2: users -> cloudfront "HTTPS request"
      3: cloudfront -> amplify "load web app"
      4: cloudfront -> app-runner "GET /api/catalogue"
      5: app-runner -> elasticache "read cache"
      6: app-runner -> dynamodb "read on miss"
      autoLayout lr
    }
    dynamic archgen__system "flow-load-3d-assets" "Load 3D models" {
      7: s3 -> lambda "model uploaded"
      8: lambda -> s3 "store optimised"
      9: users -> cloudfront "request model"
      10: cloudfront -> s3 "fetch on miss"
      autoLayout lr
    }
    dynamic archgen__system "flow-place-order" "Place an order" {
      11: users -> cloudfront "submit checkout"
      12: cloudfront -> app-runner "POST /api/orders"
      13: app-runner -> rds "write order"
      14: app-runner -> sqs "enqueue order"
      15: sqs -> order-workers "deliver message"
      16: order-workers -> rds "update status"
      autoLayout lr
    }
    deployment archgen__system "Architecture" "deployment" {
      include *
      autoLayout lr
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
